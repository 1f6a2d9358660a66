package io.nearline.recall.job.quality;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.input.UserSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores recall quality online: each recall written for a user is compared with that user's next
 * real ad click or conversion after the behaviour it reflects, and the hit at K (5, 10, the whole
 * list) is counted. Live HR@K = hits / scored. "Next" is in event time: a behaviour that overtook
 * the recall on its way (a fast replay, a slow model) still judges it, from a short buffer of the
 * user's latest targets.
 *
 * <p>It also measures what the ad server sees: for every target behaviour, whether the object is in
 * the top 10 of the user's newest recall that reflects an earlier behaviour (served HR@10; a user
 * without one counts as a miss). This is the figure that shows the cost of inferring less often.
 */
public final class LiveRecallScorer extends KeyedCoProcessFunction<String, RecallResult, UserSignal, RecallScore> {

    private static final long serialVersionUID = 1L;
    private static final int[] CUTOFFS = {5, 10};
    private static final int TARGETS_KEPT = 16;

    private final Duration stateTtl;
    private transient ValueState<PendingRecall> pending;
    private transient ValueState<RecentTargets> targets;
    private transient ValueState<PendingRecall> latest;
    private transient Counter servedTargets;
    private transient Counter servedHitsAt10;
    private transient Counter scored;
    private transient Counter hitsAt5;
    private transient Counter hitsAt10;
    private transient Counter hitsAtAll;

    public LiveRecallScorer(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext context) {
        var descriptor = new ValueStateDescriptor<>("pending-recall", PendingRecall.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        pending = getRuntimeContext().getState(descriptor);
        var targetsDescriptor = new ValueStateDescriptor<>("recent-targets", RecentTargets.class);
        targetsDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        targets = getRuntimeContext().getState(targetsDescriptor);
        var latestDescriptor = new ValueStateDescriptor<>("latest-recall", PendingRecall.class);
        latestDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        latest = getRuntimeContext().getState(latestDescriptor);
        var metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        scored = metrics.counter(JobMetrics.LIVE_SCORED);
        hitsAt5 = metrics.counter(JobMetrics.LIVE_HITS_AT_5);
        hitsAt10 = metrics.counter(JobMetrics.LIVE_HITS_AT_10);
        hitsAtAll = metrics.counter(JobMetrics.LIVE_HITS_AT_ALL);
        servedTargets = metrics.counter(JobMetrics.SERVED_TARGETS);
        servedHitsAt10 = metrics.counter(JobMetrics.SERVED_HITS_AT_10);
    }

    @Override
    public void processElement1(RecallResult recall, Context ctx, Collector<RecallScore> out) throws Exception {
        PendingRecall current = pending.value();
        long reflects = recall.getEventTime().toEpochMilli();
        if (current != null && reflects < current.reflectsEventTime) {
            return;
        }
        PendingRecall arrived = PendingRecall.of(recall, reflects);
        PendingRecall newest = latest.value();
        if (newest == null || reflects >= newest.reflectsEventTime) {
            latest.update(arrived);
        }
        RecentTargets seen = targets.value();
        String next = seen == null ? null : seen.firstAfter(reflects);
        if (next != null) {
            out.collect(score(ctx.getCurrentKey(), arrived, next));
            pending.clear();
        } else {
            pending.update(arrived);
        }
    }

    @Override
    public void processElement2(UserSignal signal, Context ctx, Collector<RecallScore> out) throws Exception {
        if (!signal.isBehaviour() || !isTarget(signal.behaviour)) {
            return;
        }
        long time = signal.behaviour.getEventTime().toEpochMilli();
        String objectId = signal.behaviour.getObjectId();
        servedTargets.inc();
        PendingRecall served = latest.value();
        int servedRank = served != null && served.reflectsEventTime < time ? served.objectIds.indexOf(objectId) : -1;
        if (servedRank >= 0 && servedRank < CUTOFFS[1]) {
            servedHitsAt10.inc();
        }
        out.collect(RecallScore.of(ctx.getCurrentKey(), RecallScore.Kind.SERVED, servedRank, objectId));
        RecentTargets seen = targets.value() == null ? new RecentTargets() : targets.value();
        seen.add(signal.behaviour.getObjectId(), time, TARGETS_KEPT);
        targets.update(seen);
        PendingRecall current = pending.value();
        if (current != null && time > current.reflectsEventTime) {
            out.collect(score(ctx.getCurrentKey(), current, objectId));
            pending.clear();
        }
    }

    private RecallScore score(String userId, PendingRecall recall, String objectId) {
        int rank = recall.objectIds.indexOf(objectId);
        scored.inc();
        if (rank >= 0) {
            hitsAtAll.inc();
            if (rank < CUTOFFS[0]) {
                hitsAt5.inc();
            }
            if (rank < CUTOFFS[1]) {
                hitsAt10.inc();
            }
        }
        return RecallScore.of(userId, RecallScore.Kind.LIVE, rank, objectId);
    }

    /** Recall is judged against what it is for: the user's next click or conversion on an ad. */
    static boolean isTarget(BehaviourEvent event) {
        return event.getDomain() == Domain.AD
                && (event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }

    /** A user's latest ad clicks and conversions, oldest first. A Flink POJO. */
    public static class RecentTargets {
        public List<String> objectIds = new ArrayList<>();
        public List<Long> times = new ArrayList<>();

        public RecentTargets() {}

        void add(String objectId, long time, int keep) {
            int position = times.size();
            while (position > 0 && times.get(position - 1) > time) {
                position--;
            }
            objectIds.add(position, objectId);
            times.add(position, time);
            while (times.size() > keep) {
                objectIds.remove(0);
                times.remove(0);
            }
        }

        /** The object of the first target after {@code time}, or null. */
        String firstAfter(long time) {
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i) > time) {
                    return objectIds.get(i);
                }
            }
            return null;
        }
    }

    /** The newest recall of a user, waiting for the behaviour that judges it. A Flink POJO. */
    public static class PendingRecall {
        public List<String> objectIds = new ArrayList<>();
        public long reflectsEventTime;

        public PendingRecall() {}

        static PendingRecall of(RecallResult recall, long reflects) {
            PendingRecall pending = new PendingRecall();
            for (RecalledObject object : recall.getObjects()) {
                pending.objectIds.add(object.getObjectId());
            }
            pending.reflectsEventTime = reflects;
            return pending;
        }
    }
}
