package io.nearline.recall.job;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.job.budget.BudgetGate;
import io.nearline.recall.job.catalogue.CatalogueBroadcast;
import io.nearline.recall.job.catalogue.CatalogueEnd;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.inference.AsyncRecall;
import io.nearline.recall.job.inference.GeneratedRecall;
import io.nearline.recall.job.inference.GenerativeRecallService;
import io.nearline.recall.job.inference.NoInferenceBackend;
import io.nearline.recall.job.inference.RecallServiceFactory;
import io.nearline.recall.job.inference.ResolveRecall;
import io.nearline.recall.job.inference.TopTierReserve;
import io.nearline.recall.job.input.InputValidator;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.job.input.ValidateInput;
import io.nearline.recall.job.input.ValidationLimits;
import io.nearline.recall.job.quality.LiveRecallScorer;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.job.trace.TraceOutputs;
import io.nearline.recall.job.trace.TraceSampling;
import io.nearline.recall.job.trace.TraceStoreSink;
import io.nearline.recall.job.user.Bootstrap;
import io.nearline.recall.job.user.PromptRendering;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.job.user.UserSequenceFunction;
import io.nearline.recall.job.user.UserStateOperator;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.RulesParseResult;
import io.nearline.recall.tiering.RulesText;
import io.nearline.recall.tiering.TriggerPolicy;
import io.nearline.recall.tiering.TriggerRulesParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The near-line recall job. It only wires: input records are validated (rejects to the dead-letter
 * sink), keyed by user into behaviour sequences, triggered by the rules in force (updated from the
 * control topic), admitted by the global GPU budget, sent to the recall service, resolved against the
 * catalogue of objects in delivery (broadcast from its compacted topic) and written to the recall
 * store; the traces of sampled and pinned requests go to the trace topic and the trace store. {@link #main} supplies Kafka, the inference backend and Redis; tests and the demo supply
 * their own sources and sinks. docs/architecture.md walks one behaviour through it.
 */
public final class NearlineRecallJob {

    private final Configuration config;
    private final Source<RawInput, ?, ?> input;
    private final Source<RawInput, ?, ?> rulesUpdates;
    private final Source<RawInput, ?, ?> catalogueUpdates;
    private final CatalogueSource catalogue;
    private final Sink<DeadLetter> deadLetters;
    private final RulesInForce rules;
    private final RecallServiceFactory recallService;
    private final Sink<RecallResult> recallStore;
    private final Sink<RecallRequest> requestTap;
    private final Sink<RecallTrace> traceTopic;
    private final Sink<RecallTrace> traceStore;

    private NearlineRecallJob(Builder builder) {
        this.config = builder.config;
        this.input = builder.input;
        this.rulesUpdates = builder.rulesUpdates;
        this.catalogueUpdates = builder.catalogueUpdates;
        this.catalogue = new CatalogueSource(config.get(JobOptions.SEMANTIC_IDS_DIR),
                builder.catalogueUpdates == null ? CatalogueEnd.NONE : builder.catalogueEnd);
        this.deadLetters = builder.deadLetters;
        String initialRules = RulesText.load(config.get(JobOptions.RULES_INITIAL));
        this.rules = builder.fixedPolicy != null
                ? RulesInForce.fixed(builder.fixedPolicy, initialRules) : RulesInForce.updatable(initialRules);
        this.recallService = builder.recallService != null ? builder.recallService : NoInferenceBackend.factory();
        this.recallStore = builder.recallStore;
        this.requestTap = builder.requestTap;
        this.traceTopic = builder.traceTopic;
        this.traceStore = builder.traceStore;
    }

    public static Builder builder(Configuration config) {
        return new Builder(config);
    }

    /** The broadcast state of the control topic's operators: the rules in force and the catalogue. */
    private static final List<MapStateDescriptor<?, ?>> BROADCAST_STATES =
            List.of(RulesBroadcast.STATE, CatalogueBroadcast.OBJECTS, CatalogueBroadcast.POSITIONS);

    /** Adds the job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        env.setBufferTimeout(config.get(JobOptions.BUFFER_TIMEOUT).toMillis());
        SingleOutputStreamOperator<UserSignal> signals = env
                .fromSource(input, WatermarkStrategy.noWatermarks(), "behaviour-and-profile-input")
                .uid("input")
                .process(new ValidateInput(new InputValidator(
                        config.get(JobOptions.BEHAVIOUR_TOPIC), config.get(JobOptions.PROFILE_TOPIC),
                        ValidationLimits.from(config)), config.get(JobOptions.DEAD_LETTER_MAX_PAYLOAD)))
                .name("validate").uid("validate");
        DataStream<DeadLetter> rejected = signals.getSideOutput(ValidateInput.DEAD_LETTERS);

        DataStream<String> rulesText = rulesText(env);
        // rules and catalogue records reach every instance of the operators that render and resolve
        DataStream<ControlUpdate> controlUpdates = controlUpdates(env, rulesText);
        BroadcastStream<ControlUpdate> control = controlUpdates.broadcast(BROADCAST_STATES.toArray(MapStateDescriptor[]::new));
        // without a place for traces, no request is traced and none builds a trace
        TraceSampling tracing = traceTopic == null && traceStore == null ? TraceSampling.OFF : TraceSampling.from(config);
        SingleOutputStreamOperator<RecallRequest> triggered = signals
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<UserSignal>forBoundedOutOfOrderness(config.get(JobOptions.MAX_OUT_OF_ORDERNESS))
                        .withTimestampAssigner((signal, previous) -> signal.eventTimeMillis())
                        // an instance without input must not hold back every user's debounce timers
                        .withIdleness(config.get(JobOptions.MAX_OUT_OF_ORDERNESS).multipliedBy(6)))
                .name("event-time").uid("event-time")
                .keyBy(signal -> signal.userId)
                // the keyed-broadcast operator built here rather than by process(), to add the user cache
                .connect(controlUpdates.broadcast())
                .transform("user-sequence-and-trigger", TypeInformation.of(RecallRequest.class), new UserStateOperator(
                        new UserSequenceFunction(rules, PromptRendering.of(config.toMap()), catalogue,
                                config.get(JobOptions.RULES_TOPIC), config.get(JobOptions.MAX_SEQUENCE_LENGTH),
                                StateExpiry.from(config), Bootstrap.untilMillis(config.get(JobOptions.BOOTSTRAP_UNTIL)))
                                .tracing(tracing),
                        BROADCAST_STATES, config.get(JobOptions.USER_CACHE_MAX_USERS)))
                .uid("user-sequence");
        rejected.union(triggered.getSideOutput(RulesBroadcast.REJECTED))
                .sinkTo(deadLetters).name("dead-letters").uid("dead-letters");

        SingleOutputStreamOperator<RecallRequest> admitted = triggered
                .keyBy(request -> BudgetGate.GATE, Types.INT)
                .connect(rulesText.broadcast(RulesBroadcast.STATE))
                .process(new BudgetGate(rules))
                .setParallelism(1).setMaxParallelism(1)
                .name("gpu-budget").uid("gpu-budget");
        if (requestTap != null) {
            admitted.sinkTo(requestTap).name("recall-request-tap").uid("recall-request-tap");
        }

        DataStream<GeneratedRecall> generated = AsyncDataStream.unorderedWait(admitted,
                        new AsyncRecall(recallService, new TopTierReserve(config.get(JobOptions.INFERENCE_CAPACITY),
                                config.get(JobOptions.INFERENCE_TOP_TIER_RESERVE))),
                        config.get(JobOptions.INFERENCE_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS,
                        config.get(JobOptions.INFERENCE_CAPACITY))
                .name("inference").uid("inference");
        SingleOutputStreamOperator<RecallResult> recalls = generated
                .connect(control)
                .process(new ResolveRecall(catalogue, config.toMap(), config.get(JobOptions.CATALOGUE_MAX_WAIT)))
                .name("resolve-semantic-ids").uid("resolve-semantic-ids");
        recalls.sinkTo(recallStore).name("recall-store").uid("recall-store");
        if (!tracing.isOff()) {
            DataStream<RecallTrace> traces = recalls.getSideOutput(TraceOutputs.TRACES)
                    .union(admitted.getSideOutput(TraceOutputs.TRACES));
            if (traceTopic != null) {
                traces.sinkTo(traceTopic).name("trace-topic").uid("trace-topic");
            }
            if (traceStore != null) {
                traces.sinkTo(traceStore).name("trace-store").uid("trace-store");
            }
        }

        recalls.keyBy(RecallResult::getUserId)
                .connect(signals.keyBy(signal -> signal.userId))
                .process(new LiveRecallScorer(StateExpiry.from(config),
                        Bootstrap.untilMillis(config.get(JobOptions.BOOTSTRAP_UNTIL)), fallbackSegments(),
                        RecallStoreSink.optionsFrom(config)).arms(rules.experiment()))
                .name("live-recall-quality").uid("live-recall-quality");
    }

    private ArpuSegments fallbackSegments() {
        String location = config.get(JobOptions.FALLBACK_SEGMENTS);
        RulesParseResult parsed = TriggerRulesParser.parse(RulesText.load(location));
        if (!parsed.isValid()) {
            throw new IllegalArgumentException(JobOptions.FALLBACK_SEGMENTS.key() + " " + location + ": "
                    + parsed.describeErrors());
        }
        return new ArpuSegments(parsed.rules());
    }

    /** Rules updates, and the catalogue topic's records read by one instance so every replica applies them in one order. */
    private DataStream<ControlUpdate> controlUpdates(StreamExecutionEnvironment env, DataStream<String> rulesText) {
        DataStream<ControlUpdate> rulesUpdates = rulesText.map(ControlUpdate::rules)
                .returns(ControlUpdate.class).name("rules-control").uid("rules-control");
        if (catalogueUpdates == null) {
            return rulesUpdates;
        }
        DataStream<ControlUpdate> catalogueRecords = env
                .fromSource(catalogueUpdates, ControlWatermarks.neverHoldBack(), "marketing-objects")
                .setParallelism(1).uid("catalogue-input")
                .map(ControlUpdate::catalogue).returns(ControlUpdate.class)
                .setParallelism(1).name("catalogue-updates").uid("catalogue-control");
        return rulesUpdates.union(catalogueRecords);
    }

    private DataStream<String> rulesText(StreamExecutionEnvironment env) {
        if (rulesUpdates == null) {
            // no control topic: the initial rules are the only update there will be
            return env.fromData(Types.STRING, rules.rules().text()).name("initial-rules").uid("initial-rules");
        }
        return env.fromSource(rulesUpdates, ControlWatermarks.neverHoldBack(), "rules-updates").uid("rules-input")
                .map(record -> record.value == null ? "" : new String(record.value, StandardCharsets.UTF_8))
                .returns(Types.STRING).name("rules-text").uid("rules-text");
    }

    /**
     * Runs the job against Kafka, the configured inference backend and Redis. Options as
     * {@code --key value} ({@link JobArguments}; {@code --help} lists them); a value may refer to a secret in the
     * environment as {@code ${env:NAME}}. A bad argument or value is one line on stderr and exit 2.
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = new JobArguments();
        CommandLine line = JobArguments.commandLine(arguments);
        if (!ToolRunner.parseOrExit(line, args)) {
            return;
        }
        StreamExecutionEnvironment env;
        try {
            Configuration config = Configuration.fromMap(SecretReferences.resolve(arguments.settings()));
            env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            env.enableCheckpointing(config.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
            SinkTopics.requireExisting(config, Duration.ofMinutes(1));
            Builder job = builder(config)
                    .input(KafkaConnections.inputSource(config))
                    .rulesUpdates(KafkaConnections.rulesSource(config))
                    .deadLetters(KafkaConnections.deadLetterSink(config))
                    .recallService(recallServiceFrom(config))
                    .recallStore(RecallStoreSink.from(config))
                    .traceStore(TraceStoreSink.from(config));
            if (!config.get(JobOptions.TRACE_TOPIC).isEmpty()) {
                job.traceTopic(KafkaConnections.traceSink(config));
            }
            if (!config.get(JobOptions.SEMANTIC_IDS_DIR).isEmpty() && !config.get(JobOptions.CATALOGUE_TOPIC).isEmpty()) {
                job.catalogueUpdates(KafkaConnections.catalogueSource(config), KafkaConnections.catalogueEnd(config));
            }
            job.build().build(env);
        } catch (IllegalArgumentException e) {
            ToolRunner.exitRefused(line, e);
            return;
        }
        env.execute("nearline-recall");
    }

    /** Generative recall over Triton's protocol when semantic IDs are configured, otherwise none. */
    public static RecallServiceFactory recallServiceFrom(Configuration config) {
        if (config.get(JobOptions.SEMANTIC_IDS_DIR).isEmpty()) {
            return NoInferenceBackend.factory();
        }
        return GenerativeRecallService.factory(config.toMap());
    }

    /** Collects the parts a job is wired from. */
    public static final class Builder {
        private final Configuration config;
        private Source<RawInput, ?, ?> input;
        private Source<RawInput, ?, ?> rulesUpdates;
        private Source<RawInput, ?, ?> catalogueUpdates;
        private CatalogueEnd catalogueEnd = CatalogueEnd.NONE;
        private Sink<DeadLetter> deadLetters;
        private TriggerPolicy fixedPolicy;
        private RecallServiceFactory recallService;
        private Sink<RecallResult> recallStore;
        private Sink<RecallRequest> requestTap;
        private Sink<RecallTrace> traceTopic;
        private Sink<RecallTrace> traceStore;

        private Builder(Configuration config) {
            this.config = config;
        }

        public Builder input(Source<RawInput, ?, ?> source) {
            this.input = source;
            return this;
        }

        /** The control topic of rule updates; without it the initial rules stay in force. */
        public Builder rulesUpdates(Source<RawInput, ?, ?> source) {
            this.rulesUpdates = source;
            return this;
        }

        /**
         * The compacted topic of marketing objects, and where it ended when the job was built: generated
         * recalls wait until the job has read that far. Without it no object is ever in delivery.
         */
        public Builder catalogueUpdates(Source<RawInput, ?, ?> source, CatalogueEnd endAtStart) {
            this.catalogueUpdates = source;
            this.catalogueEnd = endAtStart;
            return this;
        }

        /** Dead letters of input and of rejected rule updates. */
        public Builder deadLetters(Sink<DeadLetter> sink) {
            this.deadLetters = sink;
            return this;
        }

        /** One trigger policy for the job's lifetime instead of the rules (baselines, tests). */
        public Builder triggerPolicy(TriggerPolicy policy) {
            this.fixedPolicy = policy;
            return this;
        }

        /** Defaults to {@link NoInferenceBackend}: requests are counted as failed and nothing is written. */
        public Builder recallService(RecallServiceFactory factory) {
            this.recallService = factory;
            return this;
        }

        public Builder recallStore(Sink<RecallResult> sink) {
            this.recallStore = sink;
            return this;
        }

        /** Optional: also sends every admitted recall request to this sink (tests, diagnostics). */
        public Builder requestTap(Sink<RecallRequest> sink) {
            this.requestTap = sink;
            return this;
        }

        /** Where traces go as records (the trace topic); with neither this nor a trace store, nothing is traced. */
        public Builder traceTopic(Sink<RecallTrace> sink) {
            this.traceTopic = sink;
            return this;
        }

        /** Where the inspector reads traces from (the trace store in Redis). */
        public Builder traceStore(Sink<RecallTrace> sink) {
            this.traceStore = sink;
            return this;
        }

        public NearlineRecallJob build() {
            if (input == null || deadLetters == null || recallStore == null) {
                throw new IllegalStateException("a job needs an input, a dead-letter sink and a recall store");
            }
            return new NearlineRecallJob(this);
        }
    }
}
