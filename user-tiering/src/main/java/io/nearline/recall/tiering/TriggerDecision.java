package io.nearline.recall.tiering;

import java.io.Serializable;
import java.util.Objects;

/** What a {@link TriggerPolicy} decided for one behaviour: infer now, wait for a timer, or skip. */
public final class TriggerDecision implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of decision. */
    public enum Kind { FIRE, WAIT_UNTIL, SKIP }

    private final Kind kind;
    private final long timestamp;
    private final int priority;
    /** Null for a skip of {@link #notYetDue}, whose reason is written only when asked for. */
    private final String reason;
    private final String tier;
    private final long behavioursSeen;
    private final long behavioursDue;

    private TriggerDecision(Kind kind, long timestamp, int priority, String reason, String tier) {
        this.kind = kind;
        this.timestamp = timestamp;
        this.priority = priority;
        this.reason = Objects.requireNonNull(reason);
        this.tier = tier;
        this.behavioursSeen = 0;
        this.behavioursDue = 0;
    }

    private TriggerDecision(long behavioursSeen, long behavioursDue) {
        this.kind = Kind.SKIP;
        this.timestamp = 0L;
        this.priority = 0;
        this.reason = null;
        this.tier = null;
        this.behavioursSeen = behavioursSeen;
        this.behavioursDue = behavioursDue;
    }

    /** Infer now; a higher priority wins the GPU budget first. */
    public static TriggerDecision fire(int priority, String reason) {
        return new TriggerDecision(Kind.FIRE, 0L, priority, reason, null);
    }

    /** Infer now, for a user of the named tier (so the budget can count admissions and sheds per tier). */
    public static TriggerDecision fire(int priority, String tier, String reason) {
        return new TriggerDecision(Kind.FIRE, 0L, priority, reason, Objects.requireNonNull(tier));
    }

    /** Ask again when the timer at {@code timestamp} fires (used to debounce bursts). */
    public static TriggerDecision waitUntil(long timestamp, String reason) {
        return new TriggerDecision(Kind.WAIT_UNTIL, timestamp, 0, reason, null);
    }

    public static TriggerDecision skip(String reason) {
        return new TriggerDecision(Kind.SKIP, 0L, 0, reason, null);
    }

    /**
     * Skip: {@code seen} behaviours since the last trigger, of the {@code due} that make one due. The most common
     * decision by far, and its reason is read only by tools and tests, so it is not written out for every behaviour.
     */
    public static TriggerDecision notYetDue(long seen, long due) {
        return new TriggerDecision(seen, due);
    }

    public Kind kind() {
        return kind;
    }

    public boolean fires() {
        return kind == Kind.FIRE;
    }

    public long timestamp() {
        return timestamp;
    }

    /**
     * Whether a wait needs a timer of its own, where a timer at {@code armed} (the state's {@link
     * TriggerState#wakeUpAt} before the decision; 0: none) is pending: not when that one comes first, since the policy
     * answers it with this wait (see {@link TriggerPolicy#onTimer}).
     */
    public boolean needsTimer(long armed) {
        return kind == Kind.WAIT_UNTIL && (armed == 0 || timestamp < armed);
    }

    public int priority() {
        return priority;
    }

    public String reason() {
        return reason != null ? reason : behavioursSeen + " of " + behavioursDue + " behaviours";
    }

    /** The user's tier when the policy knows tiers, else null. */
    public String tier() {
        return tier;
    }

    @Override
    public String toString() {
        return kind + (kind == Kind.WAIT_UNTIL ? "@" + timestamp : "")
                + (kind == Kind.FIRE ? "[" + priority + (tier == null ? "" : ", " + tier) + "]" : "")
                + "(" + reason() + ")";
    }
}
