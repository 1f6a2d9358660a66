package io.nearline.recall.bench;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.cache.RecallKeys;
import io.nearline.recall.demo.ServerFigures;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The event-to-Redis latency of the whole job at a fixed rate: behaviours stamped with the time they are sent,
 * the job running unbounded against the local server at a set model latency, and every recall's appearance in
 * Redis (a keyspace notification of its hash) less the {@code event_time} the recall itself carries, the newest
 * behaviour it reflects. The rules fire on every behaviour by default, so what is measured is the pipeline.
 */
final class LatencyRun {

    private LatencyRun() {}

    static String measure(EmbeddedKafkaBroker kafka, WholeJob stack, BenchInput input, int parallelism,
                          Configuration options, int rate) throws Exception {
        Duration modelLatency = options.get(BenchOptions.LATENCY_MODEL);
        Duration measured = options.get(BenchOptions.LATENCY_DURATION);
        Duration warmUp = measured.dividedBy(10);
        String behaviours = "latency-behaviours-" + rate;
        String profiles = "latency-profiles-" + rate;
        kafka.createTopics(parallelism, List.of(behaviours, profiles), List.of());
        stack.modelLatency(modelLatency);
        stack.clearStore();
        CounterSnapshotReporter.reset();
        ModelStatistics before = stack.serverStatistics();

        Configuration config = PipelineBench.jobConfig(kafka, "latency-" + rate);
        config.set(JobOptions.BEHAVIOUR_TOPIC, behaviours);
        config.set(JobOptions.PROFILE_TOPIC, profiles);
        // async capacity for what is in flight at this rate and model latency, twice over: an operator sizes it so
        int inFlight = Math.max(16, (int) Math.ceil(2.0 * rate * modelLatency.toMillis() / 1000.0 / parallelism));
        config.set(JobOptions.INFERENCE_CAPACITY, inFlight);
        stack.configure(config);
        config.set(JobOptions.RULES_INITIAL, options.get(BenchOptions.LATENCY_RULES));
        int beams = options.get(BenchOptions.LATENCY_BEAM_WIDTH);
        config.setString("triton.beam-width", Integer.toString(beams));
        config.setString("triton.returned-sequences", Integer.toString(beams));
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, options.get(BenchOptions.WHOLE_BACKEND));
        BenchCluster.rocksDb(cluster, options);
        cluster.setString("metrics.reporter.bench.factory.class", CounterSnapshotReporter.Factory.class.getName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
        NearlineRecallJob.Builder job = NearlineRecallJob.builder(config).input(KafkaConnections.inputSource(config));
        stack.wire(job, config);
        job.catalogueUpdates(KafkaConnections.catalogueSource(config), KafkaConnections.catalogueEnd(config));
        job.build().build(env);

        try (RecallAppearances appearances = RecallAppearances.watch(stack.redisHost(), stack.redisPort(),
                RecallKeys.DEFAULT_PREFIX);
             KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            JobClient running = env.executeAsync("latency-" + rate);
            long sent;
            boolean drained;
            try {
                sendProfiles(producer, profiles, input);
                // the clock starts once the job answers: deploying it, opening its state and reading the
                // catalogue is not latency
                Paced pacing = new Paced(producer, behaviours, input, rate);
                Instant firstDeadline = Instant.now().plusSeconds(120);
                while (appearances.seen() == 0 && Instant.now().isBefore(firstDeadline)) {
                    pacing.sendFor(Duration.ofMillis(200));
                }
                if (appearances.seen() == 0) {
                    throw new IllegalStateException("no recall reached Redis within 120 s of the job's start");
                }
                appearances.countFrom(Instant.now().plus(warmUp).toEpochMilli());
                pacing.sendFor(warmUp.plus(measured));
                sent = pacing.finish();
                drained = awaitAnswered(Duration.ofSeconds(30));
            } finally {
                running.cancel().get();
            }
            long[] latencies = appearances.latenciesMillis();
            long written = CounterSnapshotReporter.value(JobMetrics.RECALLS_WRITTEN);
            String seen = !drained ? "; NOT DRAINED 30 s after the last behaviour (the job could not keep up): "
                    + "the latencies are of what reached Redis, a lower bound"
                    : appearances.seen() == written ? ""
                    : "; NOTIFICATIONS SEEN " + appearances.seen() + " != RECALLS WRITTEN " + written;
            return String.format("[bench] latency at %,d behaviours/s (%d s measured after %d s of warm-up, model %d ms,"
                            + " beam %d, %d in flight per instance): %,d behaviours sent; event to Redis over %,d recalls:"
                            + " p50 %d ms, p99 %d ms, max %d ms (%.1fx, %.1fx the model's latency)%n[bench]   %s%s"
                            + "%n[bench]   %s",
                    rate, measured.toSeconds(), warmUp.toSeconds(), modelLatency.toMillis(), beams, inFlight, sent,
                    latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1],
                    percentile(latencies, 0.50) / (double) Math.max(1, modelLatency.toMillis()),
                    percentile(latencies, 0.99) / (double) Math.max(1, modelLatency.toMillis()),
                    WholeJob.figures(drained), seen, ServerFigures.between(before, stack.serverStatistics()));
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 1),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void sendProfiles(KafkaProducer<byte[], byte[]> producer, String topic, BenchInput input) {
        var codec = Codecs.profileUpdates();
        for (UserProfileUpdate profile : input.log().profiles()) {
            producer.send(record(topic, profile.getUserId(), codec.encode(profile)));
        }
        producer.flush();
    }

    /**
     * Sends the log's behaviours, each stamped with the moment it is sent, at {@code rate} a second, in 10 ms
     * slices. A slice the producer falls behind on is caught up in the next, so the rate holds on average.
     */
    private static final class Paced {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final BenchInput input;
        private final int rate;
        private final SingleObjectCodec<BehaviourEvent> codec = Codecs.behaviourEvents();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final long start = System.nanoTime();
        private Iterator<BehaviourEvent> events;
        private long sent;

        Paced(KafkaProducer<byte[], byte[]> producer, String topic, BenchInput input, int rate) {
            this.producer = producer;
            this.topic = topic;
            this.input = input;
            this.rate = rate;
            this.events = input.log().events();
        }

        void sendFor(Duration duration) throws InterruptedException {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    if (!events.hasNext()) {
                        events = input.log().events();
                    }
                    BehaviourEvent event = BehaviourEvent.newBuilder(events.next())
                            .setEventId("latency-" + rate + "-" + sent).setEventTime(Instant.now()).build();
                    producer.send(record(topic, event.getUserId(), codec.encode(event)), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
                Thread.sleep(10);
            }
        }

        /** Flushes what is sent and returns how many; a record the broker refused fails the run. */
        long finish() {
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("the broker refused a behaviour", failure.get());
            }
            return sent;
        }
    }

    /**
     * Until every admitted request is answered or failed and the store has taken every answer (true), or the
     * timeout (false).
     */
    private static boolean awaitAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicLong last = new AtomicLong(-1);
        while (System.nanoTime() < deadline) {
            long admitted = CounterSnapshotReporter.value(JobMetrics.BUDGET_ADMITTED);
            long done = CounterSnapshotReporter.value(JobMetrics.INFERENCE_SUCCEEDED)
                    + CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED)
                    + CounterSnapshotReporter.value(JobMetrics.INFERENCE_TIMED_OUT)
                    + CounterSnapshotReporter.value(JobMetrics.INFERENCE_SHED_SATURATED);
            long stored = WholeJob.stored();
            if (admitted == done && stored == CounterSnapshotReporter.value(JobMetrics.INFERENCE_SUCCEEDED)
                    && last.getAndSet(admitted) == admitted) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
