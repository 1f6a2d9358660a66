package io.nearline.recall.bench;

import io.nearline.recall.demo.DemoFigures;
import io.nearline.recall.demo.DemoRecallStack;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.inference.FailureCounters;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.RawInputDeserializer;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.tiering.RulesText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import redis.clients.jedis.Jedis;

/**
 * Variant 3 of {@code bin/bench}: the whole job, inference on, against the demo's stack (semantic IDs of the bench
 * log's catalogue, the count model trained on the log, the local inference server with its answers held back by
 * the model latency under test) and a real redis-server as the recall store; only the dead letters are discarded.
 */
final class WholeJob implements AutoCloseable {

    static final String CATALOGUE_TOPIC = "bench-marketing-objects";
    /** Above the slowest model latency benched, so that a call fails only when the server cannot keep up. */
    static final Duration DEADLINE = Duration.ofSeconds(1);

    private final DemoRecallStack stack;
    private final EmbeddedRedisServer redis;
    private final Path unbudgetedRules;

    private WholeJob(DemoRecallStack stack, EmbeddedRedisServer redis, Path unbudgetedRules) {
        this.stack = stack;
        this.redis = redis;
        this.unbudgetedRules = unbudgetedRules;
    }

    /**
     * The default rules with the GPU budget at its ceiling (5,000/s, burst 50,000). The budget is a rate limit: a
     * bounded run under the default 200/s cannot end before the gate has admitted or shed every request, so its
     * runtime measures the limit, not the job. The triggers, tiers and grades stay the default ones.
     */
    static String unbudgeted(String rules) {
        return rules.replaceFirst("requestsPerSecond: *\\d+", "requestsPerSecond: 5000")
                .replaceFirst("burst: *\\d+", "burst: 50000");
    }

    static WholeJob prepare(EmbeddedKafkaBroker kafka, BenchInput input) throws IOException {
        kafka.createTopics(1, List.of(CATALOGUE_TOPIC), List.of(CATALOGUE_TOPIC));
        EmbeddedRedisServer redis = EmbeddedRedisServer.start();
        try {
            DemoRecallStack stack = DemoRecallStack.prepare(input.log(), Long.MAX_VALUE, false, kafka,
                    CATALOGUE_TOPIC);
            System.out.printf("[bench] whole job: serving %s at %s, redis-server at %s:%d%n",
                    stack.modelDescription(), stack.target(), redis.host(), redis.port());
            Path rules = Files.createTempFile("bench-unbudgeted-rules-", ".yaml");
            Files.writeString(rules, unbudgeted(RulesText.load(JobOptions.RULES_INITIAL.defaultValue())));
            rules.toFile().deleteOnExit();
            return new WholeJob(stack, redis, rules);
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** The job's settings for inference, the catalogue and the store, on top of the bench's own. */
    void configure(Configuration config) {
        config.set(JobOptions.SEMANTIC_IDS_DIR, stack.idsDirectory().toString());
        config.set(JobOptions.CATALOGUE_TOPIC, CATALOGUE_TOPIC);
        config.set(JobOptions.RULES_INITIAL, unbudgetedRules.toString());
        config.setString("triton.target", stack.target());
        config.setString("triton.deadline", DEADLINE.toMillis() + " ms");
        config.setString("redis.host", redis.host());
        config.setString("redis.port", Integer.toString(redis.port()));
    }

    /** Wires the whole job: the bounded catalogue (so the bounded run ends), inference, the Redis store. */
    void wire(NearlineRecallJob.Builder job, Configuration config) {
        KafkaSource<RawInput> catalogue = KafkaSource.<RawInput>builder()
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setTopics(CATALOGUE_TOPIC)
                .setGroupId(config.get(JobOptions.KAFKA_GROUP_ID) + "-catalogue")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawInputDeserializer())
                .build();
        job.catalogueUpdates(catalogue, KafkaConnections.catalogueEnd(config))
                .recallService(NearlineRecallJob.recallServiceFrom(config))
                .deadLetters(new DiscardingSink<>())
                .recallStore(RecallStoreSink.from(config));
    }

    /** The inference server's statistics now (Triton's ModelStatistics): compare two with ServerFigures.between. */
    ModelStatistics serverStatistics() throws Exception {
        return stack.serverStatistics();
    }

    void modelLatency(Duration latency) {
        stack.modelLatency(latency);
    }

    /** Empties the store, so that every run writes its recalls rather than finding them there. */
    void clearStore() {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.flushAll();
        }
    }

    String redisHost() {
        return redis.host();
    }

    int redisPort() {
        return redis.port();
    }

    /**
     * The run's inference and store counters (since the reporter's last reset), checked: every admitted request
     * answered, failed or shed for the top-tier reserve, every answer accounted for in Redis. A run whose counts do not add up says so; one
     * stopped before it drained ({@code drained} false) has requests in flight, which it counts instead.
     */
    static String figures(boolean drained) {
        long admitted = CounterSnapshotReporter.value(JobMetrics.BUDGET_ADMITTED);
        long succeeded = CounterSnapshotReporter.value(JobMetrics.INFERENCE_SUCCEEDED);
        long failed = CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED);
        long timedOut = CounterSnapshotReporter.value(JobMetrics.INFERENCE_TIMED_OUT);
        long shedForReserve = CounterSnapshotReporter.value(JobMetrics.INFERENCE_SHED_SATURATED);
        long written = CounterSnapshotReporter.value(JobMetrics.RECALLS_WRITTEN);
        long stored = stored();
        String checks = !drained ? String.format("; stopped with %,d requests in flight and %,d answers not yet stored",
                admitted - succeeded - failed - timedOut - shedForReserve, succeeded - stored)
                : (admitted == succeeded + failed + timedOut + shedForReserve ? ""
                        : "; ADMITTED != ANSWERED + FAILED + SHED FOR THE RESERVE")
                + (stored == succeeded ? "" : "; ANSWERS NOT ALL ACCOUNTED FOR IN REDIS (" + stored + ")");
        return String.format("requests %,d, admitted %,d, answered %,d, failed %,d (timed out %,d; by cause: %s), "
                        + "shed for the top-tier reserve %,d, written %,d%s",
                CounterSnapshotReporter.value(JobMetrics.RECALL_REQUESTS), admitted, succeeded, failed, timedOut,
                DemoFigures.countsBy(FailureCounters.PREFIX), shedForReserve, written, checks);
    }

    /** Answers the store has taken, whatever it did with them: written, kept newer, rejected or failed. */
    static long stored() {
        return CounterSnapshotReporter.value(JobMetrics.RECALLS_WRITTEN)
                + CounterSnapshotReporter.value(JobMetrics.RECALLS_KEPT_NEWER)
                + CounterSnapshotReporter.value(JobMetrics.RECALLS_REJECTED)
                + CounterSnapshotReporter.value(JobMetrics.RECALLS_FAILED);
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            redis.close();
        }
    }
}
