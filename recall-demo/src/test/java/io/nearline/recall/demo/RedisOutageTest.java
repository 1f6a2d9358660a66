package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.cache.RecallKeys;
import io.nearline.recall.cache.RecallLayout;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.inference.FailureCounters;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.testing.RecallVersionWatch;
import io.nearline.recall.testing.RedisProcess;
import io.nearline.recall.testing.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Redis frozen for 30 s mid-stream (SIGSTOP), then killed and restarted empty on the same port: the
 * job never restarts, the sink holds recalls back and retries, every answer of the model is accounted
 * for (written, kept newer, rejected or failed), and no stored recall ever goes back in version.
 */
class RedisOutageTest {

    private static final Duration FROZEN = Duration.ofSeconds(30);

    @Test
    void aFrozenThenKilledRedis_costsNoRestart_andNoRecallIsLostOrGoesBackwards() throws Exception {
        GenerativeJobRun run = new GenerativeJobRun(40_000, 6000);
        List<BehaviourEvent> events = run.events;
        int history = run.history;

        EmbeddedRedisServer redis = EmbeddedRedisServer.start();
        int port = redis.port();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             TestEvents producer = new TestEvents(kafka.bootstrapServers())) {
            GenerativeJobRun.prepareTopics(kafka);
            try (DemoRecallStack stack = DemoRecallStack.prepare(run.log, run.cut, false, kafka, "marketing-objects")) {
                JobClient job = GenerativeJobRun.start(kafka, stack, redis.host(), port, Map.of(
                        JobOptions.STORE_RETRY_MAX_BACKOFF.key(), "2 s",
                        JobOptions.CHECKPOINT_INTERVAL.key(), "5 s",
                        "restart-strategy.type", "fixed-delay",
                        "restart-strategy.fixed-delay.attempts", "20"), "redis-outage");
                RecallVersionWatch watch = new RecallVersionWatch(redis.host(), port,
                        RecallKeys.DEFAULT_PREFIX + "*", RecallLayout::version);
                try {
                    send(producer, events.subList(history, history + 2000));
                    await(() -> value(JobMetrics.RECALLS_WRITTEN) >= 50, "recalls written before the outage");
                    watch.start();

                    RedisProcess frozen = RedisProcess.on(port);
                    frozen.signal("STOP");
                    long outageStarted = System.nanoTime();
                    send(producer, events.subList(history + 2000, history + 4000));
                    Thread.sleep(FROZEN.toMillis());
                    assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job rides out a frozen Redis");
                    long retriesWhileFrozen = value(JobMetrics.STORE_RETRIES);
                    frozen.signal("KILL");
                    frozen.awaitExit();
                    redis = EmbeddedRedisServer.startOn(port);
                    long outageMillis = (System.nanoTime() - outageStarted) / 1_000_000;

                    send(producer, events.subList(history + 4000, history + 6000));
                    await(RedisOutageTest::drained, "every answer of the model accounted for in Redis");
                    watch.stop();

                    assertTrue(CounterSnapshotReporter.restartsReported());
                    assertEquals(0, CounterSnapshotReporter.restarts(), "no job restart");
                    assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
                    assertTrue(retriesWhileFrozen > 0, "the sink retried while Redis was frozen");
                    assertTrue(value(JobMetrics.STORE_WAITED_MS) >= FROZEN.toMillis() / 2,
                            "the sink held recalls back for most of the outage, waited " + value(JobMetrics.STORE_WAITED_MS));
                    assertEquals(0, value(JobMetrics.RECALLS_FAILED));
                    long admitted = value(JobMetrics.BUDGET_ADMITTED);
                    assertEquals(value(JobMetrics.RECALL_REQUESTS), admitted + value(JobMetrics.BUDGET_SHED),
                            "every request admitted or shed by the budget");
                    assertEquals(admitted, value(JobMetrics.INFERENCE_SUCCEEDED) + value(JobMetrics.INFERENCE_FAILED)
                            + value(JobMetrics.INFERENCE_TIMED_OUT) + value(JobMetrics.INFERENCE_SHED_SATURATED),
                            "every admitted request answered, failed or shed for the top-tier reserve");
                    assertEquals(List.of(), watch.backwards(), "stored versions never go back");
                    assertTrue(watch.observations() > 100, "the watch saw the store, " + watch.observations());
                    System.out.printf("[redis-outage] outage %d ms (frozen %d s, then killed and restarted empty); "
                                    + "requests %d (shed %d, inference failed %d, timed out %d), answers %d: written %d, kept newer %d, "
                                    + "rejected %d, failed %d; retries %d, held back %d ms; restarts %d; "
                                    + "versions watched %d, backwards %d; failure causes %s%n",
                            outageMillis, FROZEN.toSeconds(), value(JobMetrics.RECALL_REQUESTS),
                            value(JobMetrics.BUDGET_SHED), value(JobMetrics.INFERENCE_FAILED),
                            value(JobMetrics.INFERENCE_TIMED_OUT), value(JobMetrics.INFERENCE_SUCCEEDED), value(JobMetrics.RECALLS_WRITTEN),
                            value(JobMetrics.RECALLS_KEPT_NEWER), value(JobMetrics.RECALLS_REJECTED),
                            value(JobMetrics.RECALLS_FAILED), value(JobMetrics.STORE_RETRIES),
                            value(JobMetrics.STORE_WAITED_MS), CounterSnapshotReporter.restarts(),
                            watch.observations(), watch.backwards().size(), failureCauses());
                } finally {
                    watch.close();
                    job.cancel().get();
                }
            }
        } finally {
            redis.close();
        }
    }

    /** Every request answered or failed, every answer stored or accounted for, for a few polls in a row. */
    private static boolean drained() {
        long answered = value(JobMetrics.INFERENCE_SUCCEEDED) + value(JobMetrics.INFERENCE_FAILED)
                + value(JobMetrics.INFERENCE_TIMED_OUT) + value(JobMetrics.INFERENCE_SHED_SATURATED);
        long accounted = value(JobMetrics.RECALLS_WRITTEN) + value(JobMetrics.RECALLS_KEPT_NEWER)
                + value(JobMetrics.RECALLS_REJECTED) + value(JobMetrics.RECALLS_FAILED);
        return value(JobMetrics.RECORDS_READ) >= 6000
                && value(JobMetrics.BUDGET_ADMITTED) + value(JobMetrics.BUDGET_SHED) >= value(JobMetrics.RECALL_REQUESTS)
                && answered >= value(JobMetrics.BUDGET_ADMITTED)
                && accounted == value(JobMetrics.INFERENCE_SUCCEEDED);
    }

    /** The inference failures by cause, as the job counts them. */
    private static Map<String, Long> failureCauses() {
        Map<String, Long> causes = new java.util.TreeMap<>();
        CounterSnapshotReporter.snapshot().forEach((name, count) -> {
            if (name.startsWith(FailureCounters.PREFIX) && count > 0) {
                causes.put(name.substring(FailureCounters.PREFIX.length()), count);
            }
        });
        return causes;
    }

    private static void send(TestEvents producer, List<BehaviourEvent> events) {
        GenerativeJobRun.send(producer, events);
    }

    private static long value(String name) {
        return GenerativeJobRun.value(name);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        GenerativeJobRun.await(condition, what, Duration.ofSeconds(120));
    }
}
