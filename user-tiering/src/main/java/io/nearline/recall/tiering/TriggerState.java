package io.nearline.recall.tiering;

/**
 * The per-user memory a {@link TriggerPolicy} needs between behaviours. A Flink POJO (public fields,
 * no-arg constructor) so the job can keep it in keyed state and evolve it. Every field defaults to zero/null,
 * so state written before a field existed restores to a meaningful value.
 */
public class TriggerState {

    /** Behaviours accepted since the last fired inference (only those counted by the tier's rules). */
    public long behavioursSinceTrigger;

    /** Event time of the last fired inference, or 0 if none. */
    public long lastTriggerTime;

    /** Inferences fired during {@link #day} (days since the epoch, UTC). */
    public int triggersToday;

    public long day;

    /** EWMA of the user's ARPU updates; meaningful only when {@link #arpuUpdates} is positive. */
    public double smoothedArpu;

    /** ARPU updates folded into {@link #smoothedArpu}. */
    public long arpuUpdates;

    /** Update time of the newest profile folded in, so one update is counted once however many behaviours follow. */
    public long lastArpuUpdateTime;

    /** Name of the user's current tier, or null before the first behaviour. */
    public String tier;

    /** Highest grade among behaviours since the last inference; sets the fire's priority. */
    public int pendingGrade;

    /** A behaviour at or above the tier's fireAtGrade is waiting (only cool-down holds it back). */
    public boolean urgentPending;

    /** The everyN count was reached; {@link #dueSince} says when. */
    public boolean due;

    public long dueSince;

    /** Event time of the newest behaviour; a debounce waits for quiet after it. */
    public long lastBehaviourTime;

    /**
     * The timer the policy last asked for, or 0; an earlier timer is answered with a wait until this one. While it is
     * not 0, a timer at or before it is pending (the job sets one for every wait it does not leave to such a timer).
     */
    public long wakeUpAt;

    public TriggerState() {}
}
