package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.StoredObject;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.job.testing.Await;
import io.nearline.recall.job.testing.CollectingSink;
import io.nearline.recall.job.testing.TestEvents;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Behaviour on the real broker becomes recalls in the real Redis through the local inference server
 * speaking Triton's protocol, every recalled object in delivery; killing the server mid-stream costs
 * counted failures and no invented recall, and recall resumes when it returns.
 */
class GenerativeRecallEndToEndTest {

    @Test
    void eventsBecomeRecallsOfObjectsInDelivery_andAnInferenceOutageIsSurvived() throws Exception {
        BehaviourLog log = BehaviourLogs.open("generator", BehaviourLogOptions.builder()
                .users(300).categories(20).objects(1000).events(60_000).build()
                .withRebaseEndTime(Instant.now()));
        List<BehaviourEvent> events = new ArrayList<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            events.add(it.next());
        }
        int history = events.size() - 6000;
        long cut = events.get(history).getEventTime().toEpochMilli();
        Set<String> inDelivery = log.catalogue().stream().filter(o -> o.getStatus() == DeliveryStatus.IN_DELIVERY)
                .map(MarketingObject::getObjectId).collect(Collectors.toSet());
        assertTrue(inDelivery.size() < log.catalogue().size(), "some objects are out of delivery");

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             EmbeddedRedisServer redis = EmbeddedRedisServer.start();
             TestEvents producer = new TestEvents(kafka.bootstrapServers())) {
            kafka.createTopics(2, List.of("behaviour-events", "profile-updates"), List.of());
            kafka.createTopics(1, List.of("marketing-objects"), List.of("marketing-objects"));
            try (DemoRecallStack stack = DemoRecallStack.prepare(log, cut, false, kafka, "marketing-objects")) {
                Map<String, String> settings = new HashMap<>();
                settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
                settings.put(JobOptions.SEMANTIC_IDS_DIR.key(), stack.idsDirectory.toString());
                settings.put("triton.target", stack.target());
                settings.put("triton.deadline-ms", "2000");
                settings.put("redis.host", redis.host());
                settings.put("redis.port", Integer.toString(redis.port()));
                settings.put("metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName());
                Configuration config = Configuration.fromMap(settings);
                CounterSnapshotReporter.reset();
                StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
                NearlineRecallJob.builder(config)
                        .input(KafkaConnections.inputSource(config))
                        .triggerPolicy(new EveryNthBehaviourPolicy(5))
                        .deadLetters(new CollectingSink<>())
                        .recallService(NearlineRecallJob.recallServiceFrom(config))
                        .recallStore(RecallStoreSink.from(config))
                        .build()
                        .build(env);
                JobClient job = env.executeAsync("generative-recall-e2e");
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
        for (BehaviourEvent event : events) {
            producer.send("behaviour-events", event);
        }
        producer.flush();
    }

    private static long written() {
        return value(JobMetrics.RECALLS_WRITTEN);
    }

    private static long value(String name) {
        return CounterSnapshotReporter.value(name);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, () -> what + "; counters " + CounterSnapshotReporter.snapshot(),
                Duration.ofSeconds(90), Duration.ofMillis(500));
    }
}
