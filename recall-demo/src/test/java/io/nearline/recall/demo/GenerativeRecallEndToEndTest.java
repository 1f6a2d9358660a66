package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.StoredObject;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.testing.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Behaviour on the real broker becomes recalls in the real Redis through the local inference server
 * speaking Triton's protocol, every recalled object in delivery; killing the server mid-stream costs
 * counted failures and no invented recall, and recall resumes when it returns.
 */
class GenerativeRecallEndToEndTest {

    @Test
    void eventsBecomeRecallsOfObjectsInDelivery_andAnInferenceOutageIsSurvived() throws Exception {
        GenerativeJobRun run = new GenerativeJobRun(60_000, 6000);
        BehaviourLog log = run.log;
        List<BehaviourEvent> events = run.events;
        int history = run.history;
        Set<String> inDelivery = log.catalogue().stream().filter(o -> o.getStatus() == DeliveryStatus.IN_DELIVERY)
                .map(MarketingObject::getObjectId).collect(Collectors.toSet());
        assertTrue(inDelivery.size() < log.catalogue().size(), "some objects are out of delivery");

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             EmbeddedRedisServer redis = EmbeddedRedisServer.start();
             TestEvents producer = new TestEvents(kafka.bootstrapServers())) {
            GenerativeJobRun.prepareTopics(kafka);
            try (DemoRecallStack stack = DemoRecallStack.prepare(log, run.cut, false, kafka, "marketing-objects")) {
                JobClient job = GenerativeJobRun.start(kafka, stack, redis.host(), redis.port(), Map.of(),
                        "generative-recall-e2e");
                try {
                    send(producer, events.subList(history, history + 2000));
                    await(() -> written() >= 20, "recalls written");
                    assertEveryRecalledObjectInDelivery(redis, log, inDelivery);

                    stack.stopServer();
                    long failedBefore = value(JobMetrics.INFERENCE_FAILED) + value(JobMetrics.INFERENCE_TIMED_OUT);
                    send(producer, events.subList(history + 2000, history + 4000));
                    await(() -> value(JobMetrics.INFERENCE_FAILED) + value(JobMetrics.INFERENCE_TIMED_OUT)
                            >= failedBefore + 10, "failures counted during the outage");
                    long writtenDuringOutage = written();
                    Thread.sleep(1000);
                    assertEquals(writtenDuringOutage, written(), "nothing is written while the server is down");
                    assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job survives the outage");

                    stack.startServer();
                    // behaviour keeps arriving; recall resumes once health probes readmit the server
                    int[] next = {history + 4000};
                    await(() -> {
                        if (next[0] < history + 6000) {
                            send(producer, events.subList(next[0], next[0] + 250));
                            next[0] += 250;
                        }
                        return written() > writtenDuringOutage + 10;
                    }, "recall resumed after the server returned");
                    assertEveryRecalledObjectInDelivery(redis, log, inDelivery);
                } finally {
                    job.cancel().get();
                }
            }
        }
    }

    private static void assertEveryRecalledObjectInDelivery(EmbeddedRedisServer redis, BehaviourLog log,
                                                            Set<String> inDelivery) {
        RecallStoreOptions options = RecallStoreOptions.builder().host(redis.host()).port(redis.port()).build();
        int found = 0;
        try (RecallReader reader = new RecallReader(options)) {
            for (var profile : log.profiles()) {
                RecallLookup lookup = reader.read(profile.getUserId());
                if (lookup.isFound()) {
                    found++;
                    for (StoredObject object : lookup.objects()) {
                        assertTrue(inDelivery.contains(object.objectId()), object.objectId() + " is not in delivery");
                    }
                }
            }
        }
        assertTrue(found > 0, "some users have a recall in Redis");
    }

    private static void send(TestEvents producer, List<BehaviourEvent> events) {
        GenerativeJobRun.send(producer, events);
    }

    private static long value(String name) {
        return GenerativeJobRun.value(name);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        GenerativeJobRun.await(condition, what, Duration.ofSeconds(90));
    }

    private static long written() {
        return value(JobMetrics.RECALLS_WRITTEN);
    }

}
