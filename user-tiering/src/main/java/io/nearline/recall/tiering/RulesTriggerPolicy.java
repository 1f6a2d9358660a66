package io.nearline.recall.tiering;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import java.util.List;

/**
 * The trigger policy ops tune: tiers users by smoothed ARPU, grades each behaviour, and combines the tier's
 * strategies. A behaviour graded at or above {@code fireAtGrade} fires at once; otherwise {@code everyN} counted
 * behaviours make a fire due, which waits for {@code debounceMs} of quiet (at most {@code debounceMaxMs}); every fire
 * then waits out the cool-down and is dropped once the daily cap is reached. Times are the behaviours' event times
 * and the timer timestamps the caller passes back.
 */
public final class RulesTriggerPolicy implements TriggerPolicy {

    private static final long serialVersionUID = 1L;
    private static final long DAY_MS = 86_400_000L;

    private final TriggerRules rules;
    private final ArpuTiering tiering;
    private final TriggerCounters counters;

    public RulesTriggerPolicy(TriggerRules rules) {
        this(rules, new TriggerCounters());
    }

    /** A policy that adds to existing counters, so metrics survive a change of rules. */
    public RulesTriggerPolicy(TriggerRules rules, TriggerCounters counters) {
        this.rules = rules;
        this.tiering = new ArpuTiering(rules);
        this.counters = counters;
    }

    @Override
    public TriggerDecision onBehaviour(UserProfileUpdate profile, BehaviourEvent behaviour, TriggerState state) {
        return onBehaviour(profile, behaviour, true, state);
    }

    @Override
    public TriggerDecision onBehaviour(UserProfileUpdate profile, BehaviourEvent behaviour, boolean inputChanged,
                                       TriggerState state) {
        long now = behaviour.getEventTime().toEpochMilli();
        UserTier tier = place(profile, state);
        int grade = rules.grade(behaviour);
        boolean firstSight = tier.fireOnFirstSight() && state.lastBehaviourTime == 0 && state.lastTriggerTime == 0;
        boolean relevant = inputChanged || !tier.onlyInputChanges();
        boolean counted = relevant && tier.counts(grade);
        if (counted) {
            state.behavioursSinceTrigger++;
        }
        if (relevant) {
            state.pendingGrade = Math.max(state.pendingGrade, grade);
        }
        state.lastBehaviourTime = Math.max(state.lastBehaviourTime, now);
        if (firstSight || (relevant && tier.firesAtOnce(grade))) {
            state.urgentPending = true;
        }
        boolean aged = counted && tier.refreshAfterMs() > 0 && state.lastTriggerTime > 0
                && now - state.lastTriggerTime >= tier.refreshAfterMs();
        if (!state.due && (aged || tier.countReached(state.behavioursSinceTrigger))) {
            state.due = true;
            state.dueSince = now;
        }
        return decide(tier, now, state);
    }

    @Override
    public TriggerDecision onTimer(UserProfileUpdate profile, long timestamp, TriggerState state) {
        if (state.wakeUpAt == 0) {
            counters.skipped();
            return TriggerDecision.skip("stale timer");
        }
        if (timestamp < state.wakeUpAt) {
            // the wake-up moved later since this timer was set (a burst, being debounced): the job keeps one timer a
            // user and sets it again from here, rather than one for every behaviour of the burst
            counters.skipped();
            return TriggerDecision.waitUntil(state.wakeUpAt, "wake-up moved");
        }
        state.wakeUpAt = 0;
        return decide(place(profile, state), timestamp, state);
    }

    @Override
    public boolean isTopTier(String tier) {
        List<UserTier> tiers = rules.tiers();
        return tiers.get(tiers.size() - 1).name().equals(tier);
    }

    @Override
    public String rulesVersion() {
        return rules.version();
    }

    public TriggerRules rules() {
        return rules;
    }

    public TriggerCounters counters() {
        return counters;
    }

    private UserTier place(UserProfileUpdate profile, TriggerState state) {
        String before = state.tier;
        UserTier tier = tiering.assign(profile, state);
        counters.placed(before, tier.name());
        return tier;
    }

    private TriggerDecision decide(UserTier tier, long now, TriggerState state) {
        if (!state.urgentPending && !state.due) {
            counters.skipped();
            return TriggerDecision.notYetDue(state.behavioursSinceTrigger, tier.everyN());
        }
        long day = Math.floorDiv(now, DAY_MS);
        if (day != state.day) {
            state.day = day;
            state.triggersToday = 0;
        }
        if (state.triggersToday >= tier.dailyCap()) {
            state.wakeUpAt = 0;
            counters.skipped();
            return TriggerDecision.skip("daily cap " + tier.dailyCap() + " reached");
        }
        long target = state.urgentPending ? now : debounced(tier, state);
        boolean coolingDown = false;
        if (tier.cooldownMs() > 0 && state.lastTriggerTime > 0 && state.lastTriggerTime + tier.cooldownMs() > target) {
            target = state.lastTriggerTime + tier.cooldownMs();
            coolingDown = true;
        }
        String cause = state.urgentPending
                ? "behaviour of grade " + state.pendingGrade
                : state.behavioursSinceTrigger + " behaviours";
        if (target <= now) {
            return fire(tier, now, state, cause);
        }
        state.wakeUpAt = target;
        counters.waited();
        return TriggerDecision.waitUntil(target, cause + (coolingDown ? ", cooling down" : ", debouncing"));
    }

    private static long debounced(UserTier tier, TriggerState state) {
        if (tier.debounceMs() == 0) {
            return state.dueSince;
        }
        long quiet = state.lastBehaviourTime + tier.debounceMs();
        return tier.debounceMaxMs() > 0 ? Math.min(quiet, state.dueSince + tier.debounceMaxMs()) : quiet;
    }

    private TriggerDecision fire(UserTier tier, long now, TriggerState state, String cause) {
        int priority = TriggerRules.priority(tier.rank(), state.pendingGrade);
        state.behavioursSinceTrigger = 0;
        state.pendingGrade = 0;
        state.urgentPending = false;
        state.due = false;
        state.dueSince = 0;
        state.wakeUpAt = 0;
        state.lastTriggerTime = now;
        state.triggersToday++;
        counters.recordFire(tier.name());
        return TriggerDecision.fire(priority, tier.name(), cause);
    }
}
