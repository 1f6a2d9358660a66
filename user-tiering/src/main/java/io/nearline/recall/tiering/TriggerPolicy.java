package io.nearline.recall.tiering;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import java.io.Serializable;

/**
 * Decides whether a user's new behaviour is worth an inference call now. Pure logic: the per-user
 * {@link TriggerState} is kept by the caller (Flink keyed state) and passed in, and may be updated.
 */
public interface TriggerPolicy extends Serializable {

    /**
     * Called for each accepted behaviour of one user, in arrival order.
     *
     * @param profile the user's latest profile, or null when none has arrived yet
     */
    TriggerDecision onBehaviour(UserProfileUpdate profile, BehaviourEvent behaviour, TriggerState state);

    /**
     * As {@link #onBehaviour(UserProfileUpdate, BehaviourEvent, TriggerState)}, told whether the behaviour changed
     * the model's input (the prompt builder's outcome: a new entry, not an impression, repeat or merged conversion).
     * A caller that cannot tell uses the other form, which treats every behaviour as a change.
     */
    default TriggerDecision onBehaviour(UserProfileUpdate profile, BehaviourEvent behaviour, boolean inputChanged,
                                        TriggerState state) {
        return onBehaviour(profile, behaviour, state);
    }

    /**
     * Called when a timer requested by {@link TriggerDecision#waitUntil} fires. A policy that keeps its wake-up in
     * {@link TriggerState#wakeUpAt} answers a timer before it with a wait until it: a caller may then leave a later
     * wait of {@link #onBehaviour} unset while a timer at or before {@code wakeUpAt} is pending (the job does, so a
     * debounced burst keeps one timer, not one a behaviour).
     */
    default TriggerDecision onTimer(UserProfileUpdate profile, long timestamp, TriggerState state) {
        return TriggerDecision.skip("policy sets no timers");
    }

    /** The version of the rules this policy applies; recorded with every recall it triggers. */
    String rulesVersion();

    /**
     * Whether {@code tier} (a decision's, null for none) is the highest the policy knows, whose requests may take
     * the inference slots held back for it. A policy without tiers has nothing to prefer: every tier is the top.
     */
    default boolean isTopTier(String tier) {
        return true;
    }
}
