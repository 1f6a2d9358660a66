package io.nearline.recall.job.user;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.tiering.TriggerDecision;
import io.nearline.recall.tiering.TriggerPolicy;
import io.nearline.recall.tiering.TriggerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each user's bounded, time-ordered behaviour sequence and latest profile, asks the trigger
 * policy whether the new behaviour is worth an inference, and emits a recall request when it is.
 */
public final class UserSequenceFunction extends KeyedProcessFunction<String, UserSignal, RecallRequest> {

    private static final long serialVersionUID = 1L;

    private final TriggerPolicy policy;
    private final int maxSequenceLength;
    private final Duration stateTtl;

    private transient ListState<SequenceEntry> sequence;
    private transient ValueState<UserProfileUpdate> profile;
    private transient ValueState<TriggerState> triggerState;
    private transient ValueState<Long> behavioursSeen;
    private transient Counter usersCreated;
    private transient Counter duplicates;
    private transient Counter tooOld;
    private transient Counter requests;

    public UserSequenceFunction(TriggerPolicy policy, int maxSequenceLength, Duration stateTtl) {
        this.policy = policy;
        this.maxSequenceLength = maxSequenceLength;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext context) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        var sequenceDescriptor = new ListStateDescriptor<>("behaviour-sequence", SequenceEntry.class);
        sequenceDescriptor.enableTimeToLive(ttl);
        var profileDescriptor = new ValueStateDescriptor<>("profile", TypeInformation.of(UserProfileUpdate.class));
        profileDescriptor.enableTimeToLive(ttl);
        var triggerDescriptor = new ValueStateDescriptor<>("trigger-state", TriggerState.class);
        triggerDescriptor.enableTimeToLive(ttl);
        var seenDescriptor = new ValueStateDescriptor<>("behaviours-seen", Long.class);
        seenDescriptor.enableTimeToLive(ttl);
        sequence = getRuntimeContext().getListState(sequenceDescriptor);
        profile = getRuntimeContext().getState(profileDescriptor);
        triggerState = getRuntimeContext().getState(triggerDescriptor);
        behavioursSeen = getRuntimeContext().getState(seenDescriptor);

        var metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        usersCreated = metrics.counter(JobMetrics.USERS_CREATED);
        duplicates = metrics.counter(JobMetrics.BEHAVIOURS_DUPLICATE);
        tooOld = metrics.counter(JobMetrics.BEHAVIOURS_TOO_OLD);
        requests = metrics.counter(JobMetrics.RECALL_REQUESTS);
    }

    @Override
    public void processElement(UserSignal signal, Context ctx, Collector<RecallRequest> out) throws Exception {
        if (!signal.isBehaviour()) {
            UserProfileUpdate current = profile.value();
            if (current == null || !current.getUpdateTime().isAfter(signal.profile.getUpdateTime())) {
                profile.update(signal.profile);
            }
            return;
        }
        BehaviourEvent event = signal.behaviour;
        List<SequenceEntry> entries = new ArrayList<>();
        sequence.get().forEach(entries::add);
        switch (BehaviourSequence.insert(entries, SequenceEntry.of(event), maxSequenceLength)) {
            case DUPLICATE:
                duplicates.inc();
                return;
            case TOO_OLD:
                tooOld.inc();
                return;
            default:
                sequence.update(entries);
        }
        Long seen = behavioursSeen.value();
        if (seen == null) {
            usersCreated.inc();
            seen = 0L;
        }
        behavioursSeen.update(seen + 1);

        TriggerState state = triggerState.value();
        if (state == null) {
            state = new TriggerState();
        }
        UserProfileUpdate currentProfile = profile.value();
        TriggerDecision decision = policy.onBehaviour(currentProfile, event, state);
        triggerState.update(state);
        if (decision.fires()) {
            requests.inc();
            out.collect(request(event, entries, currentProfile, seen + 1, decision));
        }
    }

    private RecallRequest request(BehaviourEvent event, List<SequenceEntry> entries, UserProfileUpdate currentProfile,
                                  long seen, TriggerDecision decision) {
        RecallRequest request = new RecallRequest();
        request.requestId = event.getUserId() + "/" + event.getEventId();
        request.userId = event.getUserId();
        request.behaviours = entries;
        if (currentProfile != null) {
            request.profileAttributes.putAll(currentProfile.getAttributes());
            request.arpu = currentProfile.getArpu() == null ? -1 : currentProfile.getArpu();
        }
        request.eventTime = entries.get(entries.size() - 1).eventTime;
        request.behavioursSeen = seen;
        request.priority = decision.priority();
        request.triggerReason = decision.reason();
        request.rulesVersion = policy.rulesVersion();
        return request;
    }
}
