package io.nearline.recall.job;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.job.budget.BudgetGate;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.inference.AsyncRecall;
import io.nearline.recall.job.inference.GenerativeRecallService;
import io.nearline.recall.job.inference.NoInferenceBackend;
import io.nearline.recall.job.inference.RecallServiceFactory;
import io.nearline.recall.job.input.InputValidator;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.job.input.ValidateInput;
import io.nearline.recall.job.input.ValidationLimits;
import io.nearline.recall.job.quality.LiveRecallScorer;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.rules.RulesText;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.job.user.Bootstrap;
import io.nearline.recall.job.user.PromptRendering;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.job.user.UserSequenceFunction;
import io.nearline.recall.tiering.TriggerPolicy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
 * control topic), admitted by the global GPU budget, sent to the recall service and written to the
 * recall store. {@link #main} supplies Kafka, the inference backend and Redis; tests and the demo
 * supply their own sources and sinks.
 */
public final class NearlineRecallJob {

    private final Configuration config;
    private final Source<RawInput, ?, ?> input;
    private final Source<RawInput, ?, ?> rulesUpdates;
    private final Sink<DeadLetter> deadLetters;
    private final RulesInForce rules;
    private final RecallServiceFactory recallService;
    private final Sink<RecallResult> recallStore;
    private final Sink<RecallRequest> requestTap;

    private NearlineRecallJob(Builder builder) {
        this.config = builder.config;
        this.input = builder.input;
        this.rulesUpdates = builder.rulesUpdates;
        this.deadLetters = builder.deadLetters;
        String initialRules = RulesText.load(config.get(JobOptions.RULES_INITIAL));
        this.rules = builder.fixedPolicy != null
                ? RulesInForce.fixed(builder.fixedPolicy, initialRules) : RulesInForce.updatable(initialRules);
        this.recallService = builder.recallService != null ? builder.recallService : NoInferenceBackend.factory();
        this.recallStore = builder.recallStore;
        this.requestTap = builder.requestTap;
    }

    public static Builder builder(Configuration config) {
        return new Builder(config);
    }

    /** Adds the job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<UserSignal> signals = env
                .fromSource(input, WatermarkStrategy.noWatermarks(), "behaviour-and-profile-input")
                .uid("input")
                .process(new ValidateInput(new InputValidator(
                        config.get(JobOptions.BEHAVIOUR_TOPIC), config.get(JobOptions.PROFILE_TOPIC),
                        ValidationLimits.from(config)), config.get(JobOptions.DEAD_LETTER_MAX_PAYLOAD)))
                .name("validate").uid("validate");
        DataStream<DeadLetter> rejected = signals.getSideOutput(ValidateInput.DEAD_LETTERS);

        BroadcastStream<String> rulesBroadcast = rulesText(env).broadcast(RulesBroadcast.STATE);
        SingleOutputStreamOperator<RecallRequest> triggered = signals
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<UserSignal>forBoundedOutOfOrderness(config.get(JobOptions.MAX_OUT_OF_ORDERNESS))
                        .withTimestampAssigner((signal, previous) -> signal.eventTimeMillis())
                        // an instance without input must not hold back every user's debounce timers
                        .withIdleness(config.get(JobOptions.MAX_OUT_OF_ORDERNESS).multipliedBy(6)))
                .name("event-time").uid("event-time")
                .keyBy(signal -> signal.userId)
                .connect(rulesBroadcast)
                .process(new UserSequenceFunction(rules,
                        PromptRendering.of(config.toMap(), CatalogueSource.from(config)), config.get(JobOptions.RULES_TOPIC),
                        config.get(JobOptions.MAX_SEQUENCE_LENGTH), config.get(JobOptions.USER_STATE_TTL),
                        Bootstrap.untilMillis(config.get(JobOptions.BOOTSTRAP_UNTIL))))
                .name("user-sequence-and-trigger").uid("user-sequence");
        rejected.union(triggered.getSideOutput(RulesBroadcast.REJECTED))
                .sinkTo(deadLetters).name("dead-letters").uid("dead-letters");

        DataStream<RecallRequest> admitted = triggered
                .keyBy(request -> BudgetGate.GATE, Types.INT)
                .connect(rulesBroadcast)
                .process(new BudgetGate(rules))
                .setParallelism(1).setMaxParallelism(1)
                .name("gpu-budget").uid("gpu-budget");
        if (requestTap != null) {
            admitted.sinkTo(requestTap).name("recall-request-tap").uid("recall-request-tap");
        }

        DataStream<RecallResult> recalls = AsyncDataStream.unorderedWait(admitted,
                        new AsyncRecall(recallService),
                        config.get(JobOptions.INFERENCE_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS,
                        config.get(JobOptions.INFERENCE_CAPACITY))
                .name("inference").uid("inference");
        recalls.sinkTo(recallStore).name("recall-store").uid("recall-store");

        recalls.keyBy(RecallResult::getUserId)
                .connect(signals.keyBy(signal -> signal.userId))
                .process(new LiveRecallScorer(config.get(JobOptions.USER_STATE_TTL),
                        Bootstrap.untilMillis(config.get(JobOptions.BOOTSTRAP_UNTIL))))
                .name("live-recall-quality").uid("live-recall-quality");
    }

    private DataStream<String> rulesText(StreamExecutionEnvironment env) {
        if (rulesUpdates == null) {
            // no control topic: the initial rules are the only update there will be
            return env.fromData(Types.STRING, rules.rules().text()).name("initial-rules").uid("initial-rules");
        }
        return env.fromSource(rulesUpdates, WatermarkStrategy.noWatermarks(), "rules-updates").uid("rules-input")
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
            builder(config)
                    .input(KafkaConnections.inputSource(config))
                    .rulesUpdates(KafkaConnections.rulesSource(config))
                    .deadLetters(KafkaConnections.deadLetterSink(config))
                    .recallService(recallServiceFrom(config))
                    .recallStore(RecallStoreSink.from(config))
                    .build()
                    .build(env);
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
        return GenerativeRecallService.factory(config.toMap(), CatalogueSource.from(config));
    }

    /** Collects the parts a job is wired from. */
    public static final class Builder {
        private final Configuration config;
        private Source<RawInput, ?, ?> input;
        private Source<RawInput, ?, ?> rulesUpdates;
        private Sink<DeadLetter> deadLetters;
        private TriggerPolicy fixedPolicy;
        private RecallServiceFactory recallService;
        private Sink<RecallResult> recallStore;
        private Sink<RecallRequest> requestTap;

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

        public NearlineRecallJob build() {
            if (input == null || deadLetters == null || recallStore == null) {
                throw new IllegalStateException("a job needs an input, a dead-letter sink and a recall store");
            }
            return new NearlineRecallJob(this);
        }
    }
}
