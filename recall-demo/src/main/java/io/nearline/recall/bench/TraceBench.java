package io.nearline.recall.bench;

import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.inference.GeneratedRecall;
import io.nearline.recall.job.inference.RecallServiceFactory;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.trace.TraceStoreSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;

/**
 * {@code bin/bench-trace}: what tracing costs. Events per second of the job (validate, user state, rules, prompt, the
 * budget, an in-process model answering 20 beams, resolution, traces to a real Kafka topic and a real redis-server)
 * with tracing off, sampled at {@code trace.sample-rate} and full (every request), in rounds that run each variant
 * once, in one process on the same published records; ratios are to tracing off in the same round.
 */
@Command(name = "bench-trace", mixinStandardHelpOptions = true,
        description = "Events/s of the job with tracing off, sampled and full, as ratios to off in the same round.")
public final class TraceBench implements Callable<Integer>, ToolRunner.TakesOptions {

    static final ConfigOption<Integer> USERS = ConfigOptions.key("trace-bench.users").intType().defaultValue(20_000)
            .withDescription("Users of the generated behaviour log.");
    static final ConfigOption<Long> EVENTS = ConfigOptions.key("trace-bench.events").longType().defaultValue(400_000L)
            .withDescription("Behaviours of the generated log, published once and read by every run.");
    static final ConfigOption<Integer> RUNS = ConfigOptions.key("trace-bench.runs").intType().defaultValue(3)
            .withDescription("Measured rounds, after one warm-up round.");
    static final ConfigOption<Double> SAMPLED = ConfigOptions.key("trace-bench.sample-rate").doubleType()
            .defaultValue(0.01).withDescription("trace.sample-rate of the sampled variant.");
    static final ConfigOption<String> RULES = ConfigOptions.key("trace-bench.rules").stringType()
            .defaultValue("builtin:input-change-rules.yaml")
            .withDescription("The trigger rules: how many behaviours become recall requests.");

    private static final int PARALLELISM = 2;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final AtomicInteger jobs = new AtomicInteger();

    public static void main(String[] args) {
        ToolRunner.exit(new TraceBench(), args);
    }

    @Override
    public Collection<? extends ConfigOption<?>> options() {
        return List.of(USERS, EVENTS, RUNS, SAMPLED, RULES);
    }

    @Override
    public Map<String, String> optionValues() {
        return values;
    }

    @Override
    public String flagPrefix() {
        return "trace-bench.";
    }

    @Override
    public Integer call() throws Exception {
        Configuration options = Configuration.fromMap(values);
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("off", 0.0);
        rates.put("sampled", options.get(SAMPLED));
        rates.put("full", 1.0);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(); EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            kafka.createTopics(PARALLELISM, List.of("bench-traces"), List.of());
            BenchInput input = BenchInput.publish(kafka, PARALLELISM, options.get(USERS), options.get(EVENTS));
            Map<String, List<Double>> measured = new LinkedHashMap<>();
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            int rounds = options.get(RUNS);
            for (int round = 0; round <= rounds; round++) {
                Map<String, Double> eventsPerSecond = new LinkedHashMap<>();
                StringBuilder line = new StringBuilder();
                for (Map.Entry<String, Double> variant : rates.entrySet()) {
                    Run run = run(kafka, redis, input, options.get(RULES), variant.getValue());
                    eventsPerSecond.put(variant.getKey(), run.eventsPerSecond);
                    line.append(String.format("%s %,.0f/s (%,d requests, %,d traced, %,d stored) ", variant.getKey(),
                            run.eventsPerSecond, run.requests, run.traced, run.stored));
                    // a bounded run ends with requests still queued at the budget: their traces are never made
                    if (run.stored + run.dropped > run.traced) {
                        throw new IllegalStateException("traces stored " + run.stored + " + dropped " + run.dropped
                                + " > traced " + run.traced);
                    }
                }
                System.out.printf("[bench-trace] %s round %d: %s%n", round == 0 ? "warm-up" : "measured", round, line);
                if (round > 0) {
                    eventsPerSecond.forEach((name, rate) -> {
                        measured.computeIfAbsent(name, n -> new ArrayList<>()).add(rate);
                        ratios.computeIfAbsent(name, n -> new ArrayList<>()).add(rate / eventsPerSecond.get("off"));
                    });
                }
            }
            System.out.printf("%n[bench-trace] %,d records of %,d users, parallelism %d, %d measured rounds, rules %s%n",
                    input.records(), input.users(), PARALLELISM, rounds, options.get(RULES));
            System.out.printf("%-10s %12s %14s %10s %18s%n", "tracing", "sample rate", "events/s", "ratio", "ratio min..max");
            for (String name : rates.keySet()) {
                System.out.printf("%-10s %12s %,14.0f %10.3f %10.3f..%.3f%n", name, rates.get(name),
                        median(measured.get(name)), median(ratios.get(name)),
                        ratios.get(name).stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        ratios.get(name).stream().mapToDouble(Double::doubleValue).max().orElse(0));
            }
        }
        return 0;
    }

    private record Run(double eventsPerSecond, long requests, long traced, long stored, long dropped) {}

    /** One bounded job over every published record, less the same job over the empty topics (deployment is not throughput). */
    private Run run(EmbeddedKafkaBroker kafka, EmbeddedRedisServer redis, BenchInput input, String rules, double rate)
            throws Exception {
        long full = runtimeMillis(kafka, redis, BenchInput.BEHAVIOURS, BenchInput.PROFILES, rules, rate);
        Run counted = new Run(0, value(JobMetrics.RECALL_REQUESTS), value(JobMetrics.REQUESTS_TRACED),
                value(JobMetrics.TRACES_STORED), value(JobMetrics.TRACES_DROPPED));
        long empty = runtimeMillis(kafka, redis, BenchInput.EMPTY_BEHAVIOURS, BenchInput.EMPTY_PROFILES, rules, rate);
        return new Run(input.records() * 1000.0 / Math.max(1, full - empty), counted.requests, counted.traced,
                counted.stored, counted.dropped);
    }

    private long runtimeMillis(EmbeddedKafkaBroker kafka, EmbeddedRedisServer redis, String behaviours,
                               String profiles, String rules, double rate) throws Exception {
        CounterSnapshotReporter.reset();
        Configuration config = PipelineBench.jobConfig(kafka, "trace-bench-" + jobs.incrementAndGet());
        config.set(JobOptions.BEHAVIOUR_TOPIC, behaviours);
        config.set(JobOptions.PROFILE_TOPIC, profiles);
        config.set(JobOptions.RULES_INITIAL, rules);
        config.set(JobOptions.TRACE_SAMPLE_RATE, rate);
        config.set(JobOptions.TRACE_TOPIC, "bench-traces");
        config.setString("redis.host", redis.host());
        config.setString("redis.port", Integer.toString(redis.port()));
        Configuration cluster = new Configuration();
        cluster.setString("metrics.reporter.bench.factory.class", CounterSnapshotReporter.Factory.class.getName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, cluster);
        Source<RawInput, ?, ?> source = KafkaConnections.inputSourceBuilder(config)
                .setBounded(OffsetsInitializer.latest()).build();
        NearlineRecallJob.Builder job = NearlineRecallJob.builder(config)
                .input(source)
                .deadLetters(new DiscardingSink<>())
                .recallService(twentyBeams())
                .recallStore(new DiscardingSink<>());
        if (rate > 0) {
            job.traceTopic(KafkaConnections.traceSink(config)).traceStore(TraceStoreSink.from(config));
        }
        job.build().build(env);
        return env.execute("trace-bench-" + rate).getNetRuntime();
    }

    /** A model that answers at once with 20 beams (no catalogue: the recall resolves to none, its trace is whole). */
    private static RecallServiceFactory twentyBeams() {
        return () -> {
            // built on the task manager: beams are not serializable
            List<GeneratedBeam> beams = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                beams.add(new GeneratedBeam("<a_" + i + "><b_" + (i * 7 % 256) + "><c_3><d_" + i + ">", -0.1f * (i + 1)));
            }
            return request -> CompletableFuture.completedFuture(GeneratedRecall.of(request, "bench:1", beams));
        };
    }

    private static long value(String counter) {
        return CounterSnapshotReporter.value(counter);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
