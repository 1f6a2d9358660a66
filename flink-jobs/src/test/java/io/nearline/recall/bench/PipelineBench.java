package io.nearline.recall.bench;

import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
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
import picocli.CommandLine.Command;

/**
 * {@code bin/bench}: events per second of the job's path (validate, user state, rules, prompt; inference off,
 * discarding sinks) against its physical baseline (the same Kafka source on a real broker, decoding, the shuffle
 * by user, discard), in one process on the same published records. Every round runs the baseline first and then
 * the job's path on each state backend, each as a bounded job on a fresh MiniCluster; the figures are ratios to
 * the baseline of the same round, because the machine's load moves between rounds.
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
        List<String> backends = List.of(options.get(BenchOptions.BACKENDS).split(","));
        for (String backend : backends) {
            if (!KNOWN_BACKENDS.contains(backend)) {
                throw new IllegalArgumentException("--backends: '" + backend + "' is none of " + KNOWN_BACKENDS);
            }
        }
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            BenchInput input = BenchInput.publish(kafka, parallelism, options.get(BenchOptions.USERS),
                    options.get(BenchOptions.EVENTS));
            List<String> variants = new ArrayList<>();
            variants.add(BASELINE);
            backends.forEach(backend -> variants.add("path-" + backend));
            Rounds rounds = new Rounds(variants);
            int warmups = options.get(BenchOptions.WARMUP_RUNS);
            int runs = options.get(BenchOptions.RUNS);
            for (int round = 0; round < warmups + runs; round++) {
                boolean warmup = round < warmups;
                Map<String, Double> rates = new LinkedHashMap<>();
                rates.put(BASELINE, run(kafka, input, parallelism, "hashmap", true));
                for (String backend : backends) {
                    rates.put("path-" + backend, run(kafka, input, parallelism, backend, false));
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
                for (String backend : backends) {
                    System.out.println(StateSize.measure(kafka, jobConfig(kafka, "state-" + backend), input,
                            parallelism, backend));
                }
            }
        }
        return 0;
    }

    /**
     * One bounded job over every published record, less the same job over the empty topics: Flink's net runtime
     * of a job includes deploying its tasks and the source finding its partitions, which is not throughput.
     */
    private double run(EmbeddedKafkaBroker kafka, BenchInput input, int parallelism, String backend,
                       boolean baseline) throws Exception {
        long full = runtimeMillis(kafka, BenchInput.BEHAVIOURS, BenchInput.PROFILES, parallelism, backend, baseline);
        long empty = runtimeMillis(kafka, BenchInput.EMPTY_BEHAVIOURS, BenchInput.EMPTY_PROFILES, parallelism,
                backend, baseline);
        return input.records() * 1000.0 / Math.max(1, full - empty);
    }

    private long runtimeMillis(EmbeddedKafkaBroker kafka, String behaviours, String profiles, int parallelism,
                               String backend, boolean baseline) throws Exception {
        Configuration config = jobConfig(kafka, "bench-" + jobs.incrementAndGet());
        config.set(JobOptions.BEHAVIOUR_TOPIC, behaviours);
        config.set(JobOptions.PROFILE_TOPIC, profiles);
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, backend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
        Source<RawInput, ?, ?> source = KafkaConnections.inputSourceBuilder(config)
                .setBounded(OffsetsInitializer.latest()).build();
        if (baseline) {
            PassthroughJob.build(env, source, behaviours);
        } else {
            NearlineRecallJob.builder(config)
                    .input(source)
                    .deadLetters(new DiscardingSink<>())
                    .recallStore(new DiscardingSink<>())
                    .build().build(env);
        }
        JobExecutionResult result = env.execute(baseline ? BASELINE : "path-" + backend);
        return result.getNetRuntime();
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
