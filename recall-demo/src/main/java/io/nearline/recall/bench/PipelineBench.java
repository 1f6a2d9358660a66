package io.nearline.recall.bench;

import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.demo.ServerFigures;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;

/**
 * {@code bin/bench}: events per second of the job's path (validate, user state, rules, prompt; inference off,
 * discarding sinks) and of the whole job (inference against the local server at set model latencies, recalls
 * written to redis-server; {@link WholeJob}) against their physical baseline (the same Kafka source on a real
 * broker, decoding, the shuffle by user, discard), in one process on the same published records. Every round runs
 * the baseline first and then each variant, each as a bounded job on a fresh MiniCluster; the figures are ratios to
 * the baseline of the same round, because the machine's load moves between rounds. Then, optionally, the
 * event-to-Redis latency at fixed rates ({@link LatencyRun}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Events/s of the job's path against the passthrough baseline, as ratios of the same round.")
public final class PipelineBench implements Callable<Integer>, ToolRunner.TakesOptions {

    static final String BASELINE = "passthrough";

    private final Map<String, String> values = new LinkedHashMap<>();
    private final AtomicInteger jobs = new AtomicInteger();

    public static void main(String[] args) {
        ToolRunner.exit(new PipelineBench(), args);
    }

    @Override
    public Collection<? extends ConfigOption<?>> options() {
        return BenchOptions.ALL;
    }

    @Override
    public Map<String, String> optionValues() {
        return values;
    }

    /** Flink's names of the state backends this bench can run on. */
    private static final List<String> KNOWN_BACKENDS = List.of("hashmap", "rocksdb");

    @Override
    public String flagPrefix() {
        return "bench.";
    }

    @Override
    public Integer call() throws Exception {
        Configuration options = Configuration.fromMap(values);
        int parallelism = options.get(BenchOptions.PARALLELISM);
        List<Variant> variants = variants(options);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            BenchInput input = BenchInput.publish(kafka, parallelism, options.get(BenchOptions.USERS),
                    options.get(BenchOptions.EVENTS));
            boolean whole = variants.stream().anyMatch(v -> v.kind == Kind.WHOLE);
            boolean latency = !options.get(BenchOptions.LATENCY_RATES).isBlank();
            try (WholeJob stack = whole || latency ? WholeJob.prepare(kafka, input) : null) {
                Rounds rounds = new Rounds(variants.stream().map(Variant::name).toList());
                int warmups = options.get(BenchOptions.WARMUP_RUNS);
                int runs = options.get(BenchOptions.RUNS);
                for (int round = 0; round < warmups + runs; round++) {
                    boolean warmup = round < warmups;
                    Map<String, Double> rates = new LinkedHashMap<>();
                    for (Variant variant : variants) {
                        rates.put(variant.name, run(kafka, input, parallelism, variant, stack));
                    }
                    System.out.printf("[bench] %s round %d: %s%n", warmup ? "warm-up" : "measured", round + 1,
                            Rounds.describe(rates));
                    if (!warmup) {
                        rounds.add(rates);
                    }
                }
                if (runs > 0) {
                    System.out.println(rounds.table(input, parallelism, Runtime.getRuntime().availableProcessors()));
                }
                int gateRequests = options.get(BenchOptions.GATE_REQUESTS);
                if (gateRequests > 0) {
                    System.out.println(GateBench.measure(gateRequests, parallelism));
                }
                if (options.get(BenchOptions.STATE_SIZE)) {
                    for (String backend : backends(options)) {
                        Configuration stateJob = jobConfig(kafka, "state-" + backend);
                        stateJob.set(JobOptions.USER_CACHE_MAX_USERS, options.get(BenchOptions.USER_CACHE_USERS));
                        System.out.println(StateSize.measure(kafka, stateJob, input,
                                parallelism, backend, options.get(BenchOptions.STATE_CHECKPOINT_INTERVAL), options));
                    }
                }
                if (latency) {
                    for (String rate : options.get(BenchOptions.LATENCY_RATES).split(",")) {
                        System.out.println(LatencyRun.measure(kafka, stack, input, parallelism, options,
                                Integer.parseInt(rate.trim())));
                    }
                }
            }
        }
        return 0;
    }

    private enum Kind { PASSTHROUGH, PATH, WHOLE }

    /** One job the rounds run: the baseline, the job's path on a backend, or the whole job at a model latency. */
    private record Variant(String name, Kind kind, String backend, Duration modelLatency) {}

    private static List<String> backends(Configuration options) {
        List<String> backends = List.of(options.get(BenchOptions.BACKENDS).split(","));
        for (String backend : backends) {
            if (!KNOWN_BACKENDS.contains(backend)) {
                throw new IllegalArgumentException("--backends: '" + backend + "' is none of " + KNOWN_BACKENDS);
            }
        }
        return backends;
    }

    private static List<Variant> variants(Configuration options) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(BASELINE, Kind.PASSTHROUGH, "hashmap", Duration.ZERO));
        backends(options).forEach(backend -> variants.add(new Variant("path-" + backend, Kind.PATH, backend,
                Duration.ZERO)));
        String wholeBackend = options.get(BenchOptions.WHOLE_BACKEND);
        if (!KNOWN_BACKENDS.contains(wholeBackend)) {
            throw new IllegalArgumentException("--whole-backend: '" + wholeBackend + "' is none of " + KNOWN_BACKENDS);
        }
        for (String latency : options.get(BenchOptions.MODEL_LATENCIES).split(",")) {
            if (!latency.isBlank()) {
                Duration parsed = TimeUtils.parseDuration(latency.trim());
                variants.add(new Variant("whole-" + wholeBackend + "-" + parsed.toMillis() + "ms", Kind.WHOLE,
                        wholeBackend, parsed));
            }
        }
        return variants;
    }

    /**
     * One bounded job over every published record, less the same job over the empty topics: Flink's net runtime
     * of a job includes deploying its tasks and the source finding its partitions, which is not throughput.
     */
    private double run(EmbeddedKafkaBroker kafka, BenchInput input, int parallelism, Variant variant,
                       WholeJob stack) throws Exception {
        ModelStatistics before = null;
        if (variant.kind == Kind.WHOLE) {
            stack.modelLatency(variant.modelLatency);
            stack.clearStore();
            CounterSnapshotReporter.reset();
            before = stack.serverStatistics();
        }
        JobExecutionResult fullRun = execute(kafka, BenchInput.BEHAVIOURS, BenchInput.PROFILES, parallelism, variant,
                stack);
        long full = fullRun.getNetRuntime();
        printUserCache(variant, fullRun, input.records());
        if (variant.kind == Kind.WHOLE) {
            System.out.printf("[bench] %s: %s%n[bench]   %s%n", variant.name, WholeJob.figures(true),
                    ServerFigures.between(before, stack.serverStatistics()));
        }
        long empty = execute(kafka, BenchInput.EMPTY_BEHAVIOURS, BenchInput.EMPTY_PROFILES, parallelism,
                variant, stack).getNetRuntime();
        return input.records() * 1000.0 / Math.max(1, full - empty);
    }

    /**
     * The user operator's cache in a run, where it was used (RocksDB): every record is at least one look-up of its
     * user (timers add more), so fewer look-ups than records means the counts are wrong.
     */
    private static void printUserCache(Variant variant, JobExecutionResult result, long records) {
        Long hits = result.getAccumulatorResult(JobMetrics.USER_CACHE_HITS);
        Long misses = result.getAccumulatorResult(JobMetrics.USER_CACHE_MISSES);
        Long writes = result.getAccumulatorResult(JobMetrics.USER_CACHE_WRITES);
        if (hits == null || misses == null || writes == null) {
            return;
        }
        long lookups = hits + misses;
        if (lookups < records) {
            throw new IllegalStateException(variant.name + ": the user cache counted " + lookups + " look-ups of "
                    + records + " records");
        }
        System.out.printf("[bench] %s: user cache answered %,d of %,d look-ups (%.3f), %,d users written to the "
                + "backend%n", variant.name, hits, lookups, hits / (double) lookups, writes);
    }

    private JobExecutionResult execute(EmbeddedKafkaBroker kafka, String behaviours, String profiles, int parallelism,
                               Variant variant, WholeJob stack) throws Exception {
        Configuration config = jobConfig(kafka, "bench-" + jobs.incrementAndGet());
        config.set(JobOptions.BEHAVIOUR_TOPIC, behaviours);
        config.set(JobOptions.PROFILE_TOPIC, profiles);
        config.set(JobOptions.USER_CACHE_MAX_USERS, Configuration.fromMap(values).get(BenchOptions.USER_CACHE_USERS));
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, variant.backend);
        BenchCluster.rocksDb(cluster, Configuration.fromMap(values));
        if (variant.kind == Kind.WHOLE) {
            stack.configure(config);
            cluster.setString("metrics.reporter.bench.factory.class", CounterSnapshotReporter.Factory.class.getName());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
        Source<RawInput, ?, ?> source = KafkaConnections.inputSourceBuilder(config)
                .setBounded(OffsetsInitializer.latest()).build();
        if (variant.kind == Kind.PASSTHROUGH) {
            PassthroughJob.build(env, source, behaviours);
        } else {
            NearlineRecallJob.Builder job = NearlineRecallJob.builder(config).input(source);
            if (variant.kind == Kind.WHOLE) {
                stack.wire(job, config);
            } else {
                job.deadLetters(new DiscardingSink<>()).recallStore(new DiscardingSink<>());
            }
            job.build().build(env);
        }
        return env.execute(variant.name);
    }

    /** The job's settings for the bench's topics; each run reads them from the start under its own group. */
    static Configuration jobConfig(EmbeddedKafkaBroker kafka, String groupId) {
        Configuration config = new Configuration();
        config.set(JobOptions.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        config.set(JobOptions.KAFKA_GROUP_ID, groupId);
        config.set(JobOptions.BEHAVIOUR_TOPIC, BenchInput.BEHAVIOURS);
        config.set(JobOptions.PROFILE_TOPIC, BenchInput.PROFILES);
        config.set(JobOptions.STARTING_OFFSETS, "earliest");
        return config;
    }
}
