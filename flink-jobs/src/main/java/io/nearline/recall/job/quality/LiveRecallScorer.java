package io.nearline.recall.job.quality;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.state.ProfileSerializer;
import io.nearline.recall.job.StateExpiry;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.Experiment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * without one counts as a miss). This is the figure that shows the cost of inferring less often. A
 * click is scored {@link #SERVED_GRACE} after it arrives, on the recalls that reflect behaviour before
 * it, so a replay faster than real time is not charged for inference latency that real users, seconds
 * apart, would not see. Targets before the warm-start cut ({@code bootstrap.until}) are history, not
 * served: they are not scored.
 *
 * <p>The trade-off measure (the one {@code bin/trade-off} simulates) scores only <em>first engagements</em>, an
 * ad click or conversion on an object the user had not engaged with before: whether the user had a recall of their
 * own (coverage), its hit, and the hit of what the ad server would serve, the segment's fallback from Redis where
 * the user had none.
 *
 * <p>Every figure is also counted per experiment arm ({@link ArmCounters}): a live score in the arm of the recall
 * scored, a served one in the arm of the recall served, or, for a user without one, in the arm of their newest recall,
 * or else the arm {@code experiment} gives them (the job's initial rules: this operator does not see rule updates).
 */
public final class LiveRecallScorer extends KeyedCoProcessFunction<String, RecallResult, UserSignal, RecallScore> {

    private static final long serialVersionUID = 1L;
    private static final int[] CUTOFFS = {5, 10};
    private static final int TARGETS_KEPT = 16;
    /** A safety bound; recalls no waiting click can use are dropped as soon as the clicks are scored. */
    private static final int RECALLS_KEPT = 64;
    /** Longer than an inference takes (deadline included), far shorter than the gap between a user's clicks. */
    static final long SERVED_GRACE = 2_000;

    private final StateExpiry expiry;
    private final long bootstrapUntilMillis;
    private final ArpuSegments segments;
    private final FallbackLists fallback;
    private Experiment experiment = Experiment.single();
    private transient Map<String, ArmCounters> byArm;
    private transient ValueState<EngagedObjects> engaged;
    private transient ValueState<UserProfileUpdate> profile;
    private transient Counter firstTargets;
    private transient Counter firstCovered;
    private transient Counter firstHitsCovered;
    private transient Counter firstHitsWithFallback;
    private transient ValueState<PendingRecall> pending;
    private transient ValueState<RecentTargets> targets;
    private transient ListState<PendingRecall> recentRecalls;
    private transient ListState<AwaitingTarget> awaiting;
    private transient Counter servedTargets;
    private transient Counter servedHitsAt10;
    private transient Counter scored;
    private transient Counter hitsAt5;
    private transient Counter hitsAt10;
    private transient Counter hitsAtAll;

    /** How long after a click its served score is taken. */
    public static long servedGraceMillis() {
        return SERVED_GRACE;
    }

    public LiveRecallScorer(Duration stateTtl) {
        this(stateTtl, Long.MIN_VALUE);
    }

    public LiveRecallScorer(Duration stateTtl, long bootstrapUntilMillis) {
        this(stateTtl, bootstrapUntilMillis, null, null);
    }

    /**
     * @param segments the fixed ARPU segments of the fallback (null: every user in one segment, "all")
     * @param fallback where the fallback lists are read (null: an uncovered first engagement is a miss)
     */
    public LiveRecallScorer(Duration stateTtl, long bootstrapUntilMillis, ArpuSegments segments,
                            RecallStoreOptions fallback) {
        this(StateExpiry.of(stateTtl), bootstrapUntilMillis, segments, fallback);
    }

    /** As above, with the expiry of the job's user state. */
    public LiveRecallScorer(StateExpiry expiry, long bootstrapUntilMillis, ArpuSegments segments,
                            RecallStoreOptions fallback) {
        this.expiry = expiry;
        this.bootstrapUntilMillis = bootstrapUntilMillis;
        this.segments = segments;
        this.fallback = fallback == null ? null : new FallbackLists(fallback);
    }

    /** Counts users without a recall in the arms of {@code initial}; every user in one arm by default. */
    public LiveRecallScorer arms(Experiment initial) {
        this.experiment = initial;
        return this;
    }

    @Override
    public void open(OpenContext context) {
        var descriptor = new ValueStateDescriptor<>("pending-recall", PendingRecall.class);
        descriptor.enableTimeToLive(expiry.config());
        pending = getRuntimeContext().getState(descriptor);
        var targetsDescriptor = new ValueStateDescriptor<>("recent-targets", RecentTargets.class);
        targetsDescriptor.enableTimeToLive(expiry.config());
        targets = getRuntimeContext().getState(targetsDescriptor);
        var recallsDescriptor = new ListStateDescriptor<>("recent-recalls", PendingRecall.class);
        recallsDescriptor.enableTimeToLive(expiry.config());
        recentRecalls = getRuntimeContext().getListState(recallsDescriptor);
        awaiting = getRuntimeContext().getListState(new ListStateDescriptor<>("awaiting-targets", AwaitingTarget.class));
        var engagedDescriptor = new ValueStateDescriptor<>("engaged-objects", EngagedObjects.class);
        engagedDescriptor.enableTimeToLive(expiry.config());
        engaged = getRuntimeContext().getState(engagedDescriptor);
        var profileDescriptor = new ValueStateDescriptor<>("scorer-profile", ProfileSerializer.INSTANCE);
        profileDescriptor.enableTimeToLive(expiry.config());
        profile = getRuntimeContext().getState(profileDescriptor);
        var metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        scored = metrics.counter(JobMetrics.LIVE_SCORED);
        hitsAt5 = metrics.counter(JobMetrics.LIVE_HITS_AT_5);
        hitsAt10 = metrics.counter(JobMetrics.LIVE_HITS_AT_10);
        hitsAtAll = metrics.counter(JobMetrics.LIVE_HITS_AT_ALL);
        servedTargets = metrics.counter(JobMetrics.SERVED_TARGETS);
        servedHitsAt10 = metrics.counter(JobMetrics.SERVED_HITS_AT_10);
        firstTargets = metrics.counter(JobMetrics.FIRST_TARGETS);
        firstCovered = metrics.counter(JobMetrics.FIRST_COVERED);
        firstHitsCovered = metrics.counter(JobMetrics.FIRST_HITS_COVERED);
        firstHitsWithFallback = metrics.counter(JobMetrics.FIRST_HITS_WITH_FALLBACK);
        byArm = new HashMap<>();
        for (String name : List.of(JobMetrics.LIVE_SCORED, JobMetrics.LIVE_HITS_AT_5, JobMetrics.LIVE_HITS_AT_10,
                JobMetrics.LIVE_HITS_AT_ALL, JobMetrics.SERVED_TARGETS, JobMetrics.SERVED_HITS_AT_10,
                JobMetrics.FIRST_TARGETS, JobMetrics.FIRST_COVERED, JobMetrics.FIRST_HITS_COVERED,
                JobMetrics.FIRST_HITS_WITH_FALLBACK)) {
            byArm.put(name, new ArmCounters(metrics, name));
        }
    }

    private void count(Counter total, String name, String arm) {
        total.inc();
        byArm.get(name).inc(arm);
    }

    @Override
    public void close() throws Exception {
        if (fallback != null) {
            fallback.close();
        }
    }

    @Override
    public void processElement1(RecallResult recall, Context ctx, Collector<RecallScore> out) throws Exception {
        PendingRecall current = pending.value();
        long reflects = recall.getEventTime().toEpochMilli();
        PendingRecall arrived = PendingRecall.of(recall, reflects);
        // Kept for the served score even when a newer recall overtook it (unordered async inference): it is the
        // one that reflects behaviour before a click between the two.
        keepRecent(arrived);
        if (current != null && reflects < current.reflectsEventTime) {
            return;
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
        if (!signal.isBehaviour()) {
            profile.update(signal.profile);
            return;
        }
        if (!isTarget(signal.behaviour)) {
            return;
        }
        long time = signal.behaviour.getEventTime().toEpochMilli();
        String objectId = signal.behaviour.getObjectId();
        EngagedObjects objects = engaged.value() == null ? new EngagedObjects() : engaged.value();
        boolean first = objects.add(objectId);
        engaged.update(objects);
        if (time >= bootstrapUntilMillis) {
            long due = ctx.timerService().currentProcessingTime() + SERVED_GRACE;
            String segment = segments == null ? "all" : segments.of(profile.value());
            awaiting.add(AwaitingTarget.of(objectId, time, due, first, segment));
            ctx.timerService().registerProcessingTimeTimer(due);
        }
        RecentTargets seen = targets.value() == null ? new RecentTargets() : targets.value();
        seen.add(signal.behaviour.getObjectId(), time, TARGETS_KEPT);
        targets.update(seen);
        PendingRecall current = pending.value();
        if (current != null && time > current.reflectsEventTime) {
            out.collect(score(ctx.getCurrentKey(), current, objectId));
            pending.clear();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RecallScore> out) throws Exception {
        List<AwaitingTarget> later = new ArrayList<>();
        List<PendingRecall> recalls = new ArrayList<>();
        recentRecalls.get().forEach(recalls::add);
        for (AwaitingTarget target : awaiting.get()) {
            if (target.dueAt > timestamp) {
                later.add(target);
                continue;
            }
            RecallScore served = serve(ctx.getCurrentKey(), recalls, target);
            out.collect(served);
            if (target.firstEngagement) {
                out.collect(scoreFirst(ctx.getCurrentKey(), target, served.rank, servedBySome(recalls, target), timestamp,
                        served.arm));
            }
        }
        awaiting.update(later);
        recentRecalls.update(stillUseful(recalls, later));
    }

    /** The recalls a waiting or future click can still be served by: from the newest one before the oldest waiting click on. */
    private static List<PendingRecall> stillUseful(List<PendingRecall> recalls, List<AwaitingTarget> waiting) {
        long oldestWaiting = waiting.stream().mapToLong(target -> target.eventTime).min().orElse(Long.MAX_VALUE);
        int from = 0;
        for (int i = 0; i < recalls.size(); i++) {
            if (recalls.get(i).reflectsEventTime < oldestWaiting) {
                from = i;
            }
        }
        return new ArrayList<>(recalls.subList(from, recalls.size()));
    }

    /** The click on the newest recall that reflects behaviour before it; none is a miss. */
    private RecallScore serve(String userId, List<PendingRecall> recalls, AwaitingTarget target) {
        PendingRecall served = null;
        for (PendingRecall recall : recalls) {
            if (recall.reflectsEventTime < target.eventTime
                    && (served == null || recall.reflectsEventTime > served.reflectsEventTime)) {
                served = recall;
            }
        }
        int rank = served == null ? -1 : served.objectIds.indexOf(target.objectId);
        String arm = served != null ? served.arm
                : recalls.isEmpty() ? experiment.armOf(userId).name() : recalls.get(recalls.size() - 1).arm;
        count(servedTargets, JobMetrics.SERVED_TARGETS, arm);
        if (rank >= 0 && rank < CUTOFFS[1]) {
            count(servedHitsAt10, JobMetrics.SERVED_HITS_AT_10, arm);
        }
        return RecallScore.of(userId, RecallScore.Kind.SERVED, rank, target.objectId).inArm(arm);
    }

    private static boolean servedBySome(List<PendingRecall> recalls, AwaitingTarget target) {
        return recalls.stream().anyMatch(recall -> recall.reflectsEventTime < target.eventTime);
    }

    /** A first engagement on the user's own recall ({@code ownRank}) if they had one, else on the fallback. */
    private RecallScore scoreFirst(String userId, AwaitingTarget target, int ownRank, boolean covered, long now,
                                   String arm) {
        count(firstTargets, JobMetrics.FIRST_TARGETS, arm);
        if (covered) {
            count(firstCovered, JobMetrics.FIRST_COVERED, arm);
            if (ownRank >= 0 && ownRank < CUTOFFS[1]) {
                count(firstHitsCovered, JobMetrics.FIRST_HITS_COVERED, arm);
                count(firstHitsWithFallback, JobMetrics.FIRST_HITS_WITH_FALLBACK, arm);
            }
            return RecallScore.of(userId, RecallScore.Kind.FIRST_COVERED, ownRank, target.objectId).inArm(arm);
        }
        int rank = fallback == null ? -1 : fallback.of(target.segment, now).indexOf(target.objectId);
        if (rank >= 0 && rank < CUTOFFS[1]) {
            count(firstHitsWithFallback, JobMetrics.FIRST_HITS_WITH_FALLBACK, arm);
        }
        return RecallScore.of(userId, RecallScore.Kind.FIRST_FALLBACK, rank, target.objectId).inArm(arm);
    }

    private void keepRecent(PendingRecall arrived) throws Exception {
        List<PendingRecall> recalls = new ArrayList<>();
        recentRecalls.get().forEach(recalls::add);
        recalls.add(arrived);
        recalls.sort((a, b) -> Long.compare(a.reflectsEventTime, b.reflectsEventTime));
        recentRecalls.update(recalls.subList(Math.max(0, recalls.size() - RECALLS_KEPT), recalls.size()));
    }

    private RecallScore score(String userId, PendingRecall recall, String objectId) {
        int rank = recall.objectIds.indexOf(objectId);
        count(scored, JobMetrics.LIVE_SCORED, recall.arm);
        if (rank >= 0) {
            count(hitsAtAll, JobMetrics.LIVE_HITS_AT_ALL, recall.arm);
            if (rank < CUTOFFS[0]) {
                count(hitsAt5, JobMetrics.LIVE_HITS_AT_5, recall.arm);
            }
            if (rank < CUTOFFS[1]) {
                count(hitsAt10, JobMetrics.LIVE_HITS_AT_10, recall.arm);
            }
        }
        return RecallScore.of(userId, RecallScore.Kind.LIVE, rank, objectId).inArm(recall.arm);
    }

    /** Recall is judged against what it is for: the user's next click or conversion on an ad. */
    static boolean isTarget(BehaviourEvent event) {
        return event.getDomain() == Domain.AD
                && (event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }
}
