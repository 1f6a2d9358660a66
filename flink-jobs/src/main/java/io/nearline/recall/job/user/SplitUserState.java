package io.nearline.recall.job.user;

import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.state.ProfileSerializer;
import io.nearline.recall.job.state.PromptStateSerializer;
import io.nearline.recall.job.state.RecentBehavioursSerializer;
import io.nearline.recall.job.state.TriggerStateSerializer;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.tiering.TriggerState;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * A user's state as jobs before {@link UserState} kept it, four keyed values (and, older still, the sequence of
 * {@link LegacySequence}), read once per user after a restore from such a savepoint and then cleared, so that an
 * upgrade does not meet its users as strangers. Registered exactly as before (names, serializers, time-to-live) so
 * the restore accepts them. Only a user without a {@link UserState} is looked up here, and only by an instance whose
 * restored state holds some ({@link #holdsAnyUser}).
 */
final class SplitUserState {

    static final String RECENT = "recent-behaviours";
    static final String PROMPT = "prompt";
    static final String TRIGGER = "trigger-state";
    static final String PROFILE = "profile";

    private final ValueState<RecentBehaviours> recent;
    private final ValueState<PromptState> prompt;
    private final ValueState<TriggerState> trigger;
    private final ValueState<UserProfileUpdate> profile;
    private final LegacySequence legacy;

    private SplitUserState(ValueState<RecentBehaviours> recent, ValueState<PromptState> prompt,
                           ValueState<TriggerState> trigger, ValueState<UserProfileUpdate> profile,
                           LegacySequence legacy) {
        this.recent = recent;
        this.prompt = prompt;
        this.trigger = trigger;
        this.profile = profile;
        this.legacy = legacy;
    }

    static ValueStateDescriptor<RecentBehaviours> recentDescriptor(StateTtlConfig ttl) {
        return withTtl(new ValueStateDescriptor<>(RECENT, RecentBehavioursSerializer.INSTANCE), ttl);
    }

    static ValueStateDescriptor<PromptState> promptDescriptor(StateTtlConfig ttl) {
        return withTtl(new ValueStateDescriptor<>(PROMPT, PromptStateSerializer.INSTANCE), ttl);
    }

    static ValueStateDescriptor<TriggerState> triggerDescriptor(StateTtlConfig ttl) {
        return withTtl(new ValueStateDescriptor<>(TRIGGER, TriggerStateSerializer.INSTANCE), ttl);
    }

    static ValueStateDescriptor<UserProfileUpdate> profileDescriptor(StateTtlConfig ttl) {
        return withTtl(new ValueStateDescriptor<>(PROFILE, ProfileSerializer.INSTANCE), ttl);
    }

    private static <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> descriptor, StateTtlConfig ttl) {
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    static SplitUserState register(RuntimeContext context, StateTtlConfig ttl) {
        return new SplitUserState(context.getState(recentDescriptor(ttl)), context.getState(promptDescriptor(ttl)),
                context.getState(triggerDescriptor(ttl)), context.getState(profileDescriptor(ttl)),
                LegacySequence.register(context, ttl));
    }

    /**
     * Whether any user of this instance still has state in the older layouts: a job that starts afresh, or whose
     * users were all taken over before its last checkpoint, need not look there for each new user (six lookups).
     */
    static boolean holdsAnyUser(KeyedStateBackend<String> backend) throws Exception {
        for (String state : List.of(RECENT, PROMPT, TRIGGER, PROFILE, LegacySequence.SEQUENCE, LegacySequence.SEEN)) {
            try (Stream<String> users = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                if (users.findAny().isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The current user's state in the older layouts, cleared from them; null when there is none. */
    UserState takeOver(int maxSequenceLength) throws Exception {
        RecentBehaviours sequence = recent.value();
        if (sequence == null) {
            sequence = legacy.takeOver(maxSequenceLength);
        }
        UserState user = new UserState(sequence, prompt.value(), trigger.value(), profile.value());
        if (user.isEmpty()) {
            return null;
        }
        recent.clear();
        prompt.clear();
        trigger.clear();
        profile.clear();
        return user;
    }
}
