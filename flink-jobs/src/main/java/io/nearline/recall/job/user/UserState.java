package io.nearline.recall.job.user;

import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.tiering.TriggerState;

/**
 * Everything the job keeps of one user, as one keyed value: the behaviour sequence, the prompt state, the trigger
 * state and the latest profile. A behaviour needs all four; on RocksDB each keyed value is a lookup and a write of
 * its own (the key serialised, a native call, a time-to-live stamp), so four values cost three lookups and two
 * writes more per behaviour than one. Each part is null until the user has one.
 */
public final class UserState {

    public RecentBehaviours recent;
    public PromptState prompt;
    public TriggerState trigger;
    public UserProfileUpdate profile;

    public UserState() {}

    public UserState(RecentBehaviours recent, PromptState prompt, TriggerState trigger, UserProfileUpdate profile) {
        this.recent = recent;
        this.prompt = prompt;
        this.trigger = trigger;
        this.profile = profile;
    }

    /** The prompt state, started for {@code userId} if the user has none yet. */
    PromptState promptFor(String userId) {
        if (prompt == null) {
            prompt = PromptState.forUser(userId);
        }
        return prompt;
    }

    /** The trigger state, started if the user has none yet. */
    TriggerState triggerState() {
        if (trigger == null) {
            trigger = new TriggerState();
        }
        return trigger;
    }

    boolean isEmpty() {
        return recent == null && prompt == null && trigger == null && profile == null;
    }
}
