package io.nearline.recall.job.user;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.ControlUpdate;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.StateExpiry;
import io.nearline.recall.job.catalogue.CatalogueBroadcast;
import io.nearline.recall.job.catalogue.CatalogueReplica;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.state.UserStateSerializer;
import io.nearline.recall.job.trace.TraceSampling;
import io.nearline.recall.job.trace.TraceStart;
import io.nearline.recall.prompt.AppendOutcome;
import io.nearline.recall.prompt.Prompt;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.tiering.ActiveRules;
import io.nearline.recall.tiering.TriggerDecision;
import io.nearline.recall.tiering.TriggerState;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;

/**
 * Keeps each user's bounded, time-ordered behaviour sequence and latest profile, asks the trigger
 * policy in force whether the new behaviour (or a debounce timer) is worth an inference, and emits a
 * recall request when it is. Rule updates arrive on the broadcast input; invalid ones are rejected
 * with their reasons and the rules in force stay. The catalogue topic's records arrive on the same
 * input and keep this instance's catalogue replica, whose semantic IDs the prompts render, current.
 *
 * <p>A user's state is one keyed value ({@link UserState}); where {@link UserStateOperator} gives the function a
 * cache ({@link #cacheUsers}), the users seen last stay objects and reach the state backend on eviction and before
 * each snapshot.
 *
 * <p>Behaviours that happened before the bootstrap time ({@code bootstrap.until}) only build state: a job
 * that goes live starts from its users' history without spending a GPU call on the past.
 */
public final class UserSequenceFunction
        extends KeyedBroadcastProcessFunction<String, UserSignal, ControlUpdate, RecallRequest> {

    private static final long serialVersionUID = 1L;

    private final RulesInForce rules;
    private final PromptRendering prompts;
    private final CatalogueSource catalogue;
    private final String rulesTopic;
    private final int maxSequenceLength;
    private final StateExpiry expiry;
    private final long bootstrapUntilMillis;
    private TraceSampling tracing = TraceSampling.OFF;

    private transient ValueState<UserState> user;
    private transient SplitUserState split;
    private transient UserStateCache cache;
    private transient UserStateCache.Writer writeBack;
    private transient boolean olderLayouts;
    private transient PromptRendering.Instance promptBuilder;
    private transient CatalogueReplica replica;
    private transient MetricGroup metrics;
    private transient Counter signalsProcessed;
    private transient Counter usersCreated;
    private transient Counter duplicates;
    private transient Counter tooOld;
    private transient Counter requests;
    private transient Counter traced;
    private transient Counter bootstrapped;
    private transient Counter rulesApplied;
    private transient Counter rulesRejected;
    private transient TierMetrics tiers;
    private transient ArmCounters requestsByArm;

    public UserSequenceFunction(RulesInForce rules, PromptRendering prompts, String rulesTopic, int maxSequenceLength,
                                Duration stateTtl) {
        this(rules, prompts, rulesTopic, maxSequenceLength, stateTtl, Bootstrap.NONE);
    }

    /** As above; behaviours before {@code bootstrapUntilMillis} (event time) build state and fire nothing. */
    public UserSequenceFunction(RulesInForce rules, PromptRendering prompts, String rulesTopic, int maxSequenceLength,
                                Duration stateTtl, long bootstrapUntilMillis) {
        this(rules, prompts, CatalogueSource.NONE, rulesTopic, maxSequenceLength, stateTtl, bootstrapUntilMillis);
    }

    /** As above, rendering objects with the semantic IDs of {@code catalogue}, kept current by its topic. */
    public UserSequenceFunction(RulesInForce rules, PromptRendering prompts, CatalogueSource catalogue,
                                String rulesTopic, int maxSequenceLength, Duration stateTtl, long bootstrapUntilMillis) {
        this(rules, prompts, catalogue, rulesTopic, maxSequenceLength, StateExpiry.of(stateTtl), bootstrapUntilMillis);
    }

    /** As above, with the expiry (and its cleanup) of {@code expiry}. */
    public UserSequenceFunction(RulesInForce rules, PromptRendering prompts, CatalogueSource catalogue,
                                String rulesTopic, int maxSequenceLength, StateExpiry expiry, long bootstrapUntilMillis) {
        this.bootstrapUntilMillis = bootstrapUntilMillis;
        this.rules = rules;
        this.prompts = prompts;
        this.catalogue = catalogue;
        this.rulesTopic = rulesTopic;
        this.maxSequenceLength = maxSequenceLength;
        this.expiry = expiry;
    }

    /** Traces the requests {@code sampling} chooses; none by default. */
    public UserSequenceFunction tracing(TraceSampling sampling) {
        this.tracing = sampling;
        return this;
    }

    @Override
    public void open(OpenContext context) {
        StateTtlConfig ttl = expiry.config();
        user = getRuntimeContext().getState(userDescriptor(ttl));
        split = SplitUserState.register(getRuntimeContext(), ttl);
        olderLayouts = true;

        metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        signalsProcessed = metrics.counter(JobMetrics.SIGNALS_PROCESSED);
        usersCreated = metrics.counter(JobMetrics.USERS_CREATED);
        duplicates = metrics.counter(JobMetrics.BEHAVIOURS_DUPLICATE);
        tooOld = metrics.counter(JobMetrics.BEHAVIOURS_TOO_OLD);
        requests = metrics.counter(JobMetrics.RECALL_REQUESTS);
        traced = metrics.counter(JobMetrics.REQUESTS_TRACED);
        bootstrapped = metrics.counter(JobMetrics.BEHAVIOURS_BOOTSTRAPPED);
        rulesApplied = metrics.counter(JobMetrics.RULES_APPLIED);
        rulesRejected = metrics.counter(JobMetrics.RULES_REJECTED);
        tiers = new TierMetrics(metrics, () -> rules.rules().counters());
        requestsByArm = new ArmCounters(metrics, JobMetrics.RECALL_REQUESTS);
        replica = catalogue.hasIds() ? CatalogueReplica.load(catalogue) : null;
        promptBuilder = prompts.open(metrics, replica);
    }

    @Override
    public void processBroadcastElement(ControlUpdate control, Context ctx, Collector<RecallRequest> out)
            throws Exception {
        if (control.catalogue != null) {
            if (replica != null) {
                replica.apply(control.catalogue, ctx.getBroadcastState(CatalogueBroadcast.OBJECTS),
                        ctx.getBroadcastState(CatalogueBroadcast.POSITIONS));
            }
            return;
        }
        String yaml = control.rules;
        ActiveRules.Update update = rules.apply(yaml);
        switch (update.outcome()) {
            case APPLIED -> {
                rulesApplied.inc();
                ctx.getBroadcastState(RulesBroadcast.STATE).put(RulesBroadcast.KEY, yaml);
            }
            case REJECTED -> {
                rulesRejected.inc();
                // every instance sees the update; one dead letter is enough
                if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                    ctx.output(RulesBroadcast.REJECTED, RulesBroadcast.rejection(rulesTopic, yaml, update));
                }
            }
            default -> { }
        }
    }

    @Override
    public void processElement(UserSignal signal, ReadOnlyContext ctx, Collector<RecallRequest> out) throws Exception {
        signalsProcessed.inc();
        rules.syncWith(ctx.getBroadcastState(RulesBroadcast.STATE).get(RulesBroadcast.KEY));
        syncCatalogue(ctx);
        UserState state = userState(signal.userId);
        if (state == null) {
            state = new UserState();
        }
        if (!signal.isBehaviour()) {
            UserProfileUpdate current = state.profile;
            if (current == null || !current.getUpdateTime().isAfter(signal.profile.getUpdateTime())) {
                state.profile = signal.profile;
                promptBuilder.builder().updateProfile(state.promptFor(signal.userId), signal.profile.getAttributes());
                store(signal.userId, state);
            }
            return;
        }
        BehaviourEvent event = signal.behaviour;
        boolean created = state.recent == null;
        if (created) {
            state.recent = new RecentBehaviours();
        }
        RecentBehaviours sequence = state.recent;
        switch (BehaviourSequence.insert(sequence, event.getEventId(), event.getEventTime().toEpochMilli(),
                maxSequenceLength)) {
            case DUPLICATE -> {
                duplicates.inc();
                return;
            }
            case TOO_OLD -> {
                tooOld.inc();
                return;
            }
            default -> { }
        }
        if (created) {
            usersCreated.inc();
        }
        sequence.behavioursSeen++;
        AppendOutcome appended = promptBuilder.builder().append(state.promptFor(event.getUserId()), event);
        if (event.getEventTime().toEpochMilli() < bootstrapUntilMillis) {
            store(signal.userId, state);
            bootstrapped.inc();
            return;
        }

        TriggerState trigger = state.triggerState();
        long armed = trigger.wakeUpAt; // a timer at or before it is pending (TriggerState#wakeUpAt)
        TriggerDecision decision = rules.policy().onBehaviour(state.profile, event, appended.isNewBehaviour(), trigger);
        store(signal.userId, state);
        act(decision, ctx, state, out, armed);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RecallRequest> out) throws Exception {
        rules.syncWith(ctx.getBroadcastState(RulesBroadcast.STATE).get(RulesBroadcast.KEY));
        syncCatalogue(ctx);
        UserState state = userState(ctx.getCurrentKey());
        if (state == null || state.trigger == null || state.recent == null || state.recent.size() == 0) {
            return;
        }
        TriggerDecision decision = rules.policy().onTimer(state.profile, timestamp, state.trigger);
        store(ctx.getCurrentKey(), state);
        act(decision, ctx, state, out, 0);
    }

    /**
     * Carries out a decision; a wait is left to the pending timer at {@code armed} (0: none) when that comes first,
     * since the policy answers it with the later wait, so a debounced burst keeps one timer instead of one a behaviour.
     */
    private void act(TriggerDecision decision, ReadOnlyContext ctx, UserState current, Collector<RecallRequest> out,
                     long armed) {
        switch (decision.kind()) {
            case FIRE -> {
                requests.inc();
                tiers.fired(decision.tier());
                RecallRequest request = RecallRequest.of(ctx.getCurrentKey(), current.recent, current.profile,
                        current.recent.behavioursSeen, decision,
                        rules.policy().rulesVersion(), rules.policy().isTopTier(decision.tier()))
                        .inArm(rules.experiment().armOf(ctx.getCurrentKey()));
                requestsByArm.inc(request.arm);
                String tracedBecause = tracing.reason(request.requestId, request.userId);
                long renderStarted = tracedBecause == null ? 0 : System.nanoTime();
                PromptState promptState = current.promptFor(ctx.getCurrentKey());
                Prompt prompt = promptBuilder.builder().render(promptState);
                request.prompt = prompt.text();
                request.promptVersion = prompt.promptVersion() + "/" + prompt.dictionaryVersion() + "/"
                        + prompt.semanticIdVersion();
                if (tracedBecause != null) {
                    traced.inc();
                    request.trace = TraceStart.of(request, tracedBecause, System.currentTimeMillis(),
                            (System.nanoTime() - renderStarted) / 1000, promptState, prompt, tracing.maxPromptChars());
                }
                out.collect(request);
            }
            case WAIT_UNTIL -> {
                if (decision.needsTimer(armed)) {
                    ctx.timerService().registerEventTimeTimer(decision.timestamp());
                }
            }
            default -> { }
        }
    }

    /** After a restore, rebuilds the catalogue replica from the broadcast state (once). */
    private void syncCatalogue(ReadOnlyContext ctx) throws Exception {
        if (replica != null) {
            replica.restoreFrom(ctx.getBroadcastState(CatalogueBroadcast.OBJECTS));
        }
    }

    @Override
    public void close() throws Exception {
        if (promptBuilder != null) {
            promptBuilder.close();
        }
    }

    /**
     * Keeps up to {@code maxUsers} users as objects in front of the state backend ({@link UserStateOperator} calls
     * this where the backend serialises its values); {@code keys} switches the key to write an evicted user back.
     */
    void cacheUsers(int maxUsers, KeyContext keys) {
        cache = new UserStateCache(maxUsers);
        writeBack = (userId, state) -> {
            Object current = keys.getCurrentKey();
            keys.setCurrentKey(userId);
            user.update(state);
            if (current != null) {
                keys.setCurrentKey(current);
            }
        };
        for (var counter : Map.of(JobMetrics.USER_CACHE_HITS, cache.hits(), JobMetrics.USER_CACHE_MISSES, cache.misses(),
                JobMetrics.USER_CACHE_WRITES, cache.writes()).entrySet()) {
            metrics.gauge(counter.getKey(), counter.getValue()::getLocalValuePrimitive);
            // an accumulator as well: a bounded run (the bench) reads it from the job's result
            getRuntimeContext().addAccumulator(counter.getKey(), counter.getValue());
        }
    }

    /**
     * Looks once whether this instance's state still holds users in the older layouts; if not, a new user is not
     * looked up there ({@link UserStateOperator} calls this after the restore).
     */
    void checkOlderLayouts(KeyedStateBackend<String> backend) throws Exception {
        olderLayouts = SplitUserState.holdsAnyUser(backend);
    }

    boolean takesOverOlderLayouts() {
        return olderLayouts;
    }

    boolean cachesUsers() {
        return cache != null;
    }

    /** Writes every user the cache changed to the state backend (before a checkpoint, and at the end of input). */
    void flushCache() throws Exception {
        if (cache != null) {
            cache.flush(writeBack);
        }
    }

    /** The user's state; after a restore from a savepoint of the older layouts, taken over from them. */
    private UserState userState(String userId) throws Exception {
        if (cache != null) {
            UserState cached = cache.get(userId);
            if (cached != null) {
                return cached;
            }
        }
        UserState current = user.value();
        if (current == null && olderLayouts) {
            current = split.takeOver(maxSequenceLength);
            if (current != null) {
                user.update(current);
            }
        }
        if (current != null && cache != null) {
            cache.loaded(userId, current, writeBack);
        }
        return current;
    }

    private void store(String userId, UserState state) throws Exception {
        if (cache != null) {
            cache.changed(userId, state, writeBack);
        } else {
            user.update(state);
        }
    }

    /** The state of each user (tests read it, and the cluster's fault tests from a savepoint). */
    public static ValueStateDescriptor<UserState> userDescriptor(StateTtlConfig ttl) {
        var descriptor = new ValueStateDescriptor<>("user", UserStateSerializer.INSTANCE);
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }
}
