package io.nearline.recall.tiering;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;

/**
 * The simplest useful trigger: infer at once on a conversion, otherwise after every N behaviours.
 * A baseline and a placeholder until ops rules are configured.
 */
public final class EveryNthBehaviourPolicy implements TriggerPolicy {

    private static final long serialVersionUID = 1L;

    private final int every;

    public EveryNthBehaviourPolicy(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1, was " + every);
        }
        this.every = every;
    }

    @Override
    public TriggerDecision onBehaviour(UserProfileUpdate profile, BehaviourEvent behaviour, TriggerState state) {
        state.behavioursSinceTrigger++;
        boolean conversion = behaviour.getAction() == Action.CONVERSION;
        if (conversion || state.behavioursSinceTrigger >= every) {
            state.behavioursSinceTrigger = 0;
            state.lastTriggerTime = behaviour.getEventTime().toEpochMilli();
            return TriggerDecision.fire(conversion ? 1 : 0, conversion ? "conversion" : "every " + every + " behaviours");
        }
        return TriggerDecision.notYetDue(state.behavioursSinceTrigger, every);
    }

    @Override
    public String rulesVersion() {
        return "every-" + every;
    }
}
