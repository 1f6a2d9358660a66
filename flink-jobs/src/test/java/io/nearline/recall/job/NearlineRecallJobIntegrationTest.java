package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.RawInputDeserializer;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events published to a real KRaft broker become the right users' recall requests on a MiniCluster
 * (parallelism 2), while malformed records around them are dead-lettered with their reasons.
 */
class NearlineRecallJobIntegrationTest {

    private static final String BEHAVIOURS = "it-behaviours";
    private static final String PROFILES = "it-profiles";
    private static final String DEAD_LETTERS = "it-dead-letters";

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
        kafka.createTopics(2, List.of(BEHAVIOURS, PROFILES, DEAD_LETTERS), List.of());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void eventsOnTheBroker_becomeRecallRequestsOfTheRightUsers_andMalformedOnesAreDeadLettered() throws Exception {
        Instant base = Instant.now().minus(Duration.ofMinutes(30));
        try (TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            events.send(PROFILES, UserProfileUpdate.newBuilder().setUserId("alice").setArpu(80.0)
                    .setAttributes(Map.of("region", "r1")).setUpdateTime(base).build());
            int id = 0;
            for (int i = 0; i < 6; i++) {
                events.send(BEHAVIOURS, TestEvents.behaviour("a" + id++, "alice", "m" + i, Action.CLICK, base.plusSeconds(i)));
                if (i == 2) {
                    events.sendRaw(BEHAVIOURS, "junk", "definitely not avro".getBytes(StandardCharsets.UTF_8));
                }
            }
            for (int i = 0; i < 3; i++) {
                events.send(BEHAVIOURS, TestEvents.behaviour("b" + id++, "bob", "m" + i, Action.IMPRESSION, base.plusSeconds(i)));
            }
            events.send(BEHAVIOURS, TestEvents.behaviour("c" + id++, "carol", "m9", Action.CLICK, base));
            events.send(BEHAVIOURS, TestEvents.behaviour("n" + id++, "", "m9", Action.CLICK, base));
            events.send(BEHAVIOURS, TestEvents.behaviour("t" + id++, "dave", "m9", Action.CLICK,
                    Instant.parse("2199-01-01T00:00:00Z")));
            events.flush();

            CollectingSink<RecallRequest> requests = new CollectingSink<>();
            CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
            CollectingSink<RecallResult> recalls = new CollectingSink<>();
            Configuration config = Configuration.fromMap(Map.of(
                    JobOptions.BEHAVIOUR_TOPIC.key(), BEHAVIOURS,
                    JobOptions.PROFILE_TOPIC.key(), PROFILES,
                    "metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName()));
            CounterSnapshotReporter.reset();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
            NearlineRecallJob.builder(config)
                    .input(boundedInput())
                    .triggerPolicy(new EveryNthBehaviourPolicy(3))
                    .deadLetters(deadLetters)
                    .recallStore(recalls)
                    .requestTap(requests)
                    .build()
                    .build(env);
            env.execute("integration");

            Map<String, List<Long>> byUser = new TreeMap<>(requests.collected().stream().collect(Collectors.groupingBy(
                    r -> r.userId, Collectors.mapping(r -> r.behavioursSeen, Collectors.toList()))));
            byUser.values().forEach(list -> list.sort(null));
            assertEquals(Map.of("alice", List.of(3L, 6L), "bob", List.of(3L)), byUser);
            RecallRequest aliceLast = requests.collected().stream()
                    .filter(r -> r.userId.equals("alice") && r.behavioursSeen == 6).findFirst().orElseThrow();
            assertEquals("alice/a5/6", aliceLast.requestId, "the request names the user's newest behaviour and count");

            List<String> reasons = deadLetters.collected().stream().map(DeadLetter::getReason).sorted().toList();
            assertEquals(List.of("ABSURD_TIMESTAMP", "BAD_BYTES", "MISSING_USER"), reasons);

            assertTrue(recalls.collected().isEmpty(), "no inference backend: nothing may be written");
            assertEquals(3, CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED));
            assertEquals(3, CounterSnapshotReporter.value(JobMetrics.RECORDS_DEAD_LETTERED));
        }
    }

    @Test
    void deadLetters_reachTheDeadLetterTopicWithTheirReason() throws Exception {
        String behaviours = "dlq-behaviours";
        String deadLetterTopic = "dlq-dead-letters";
        kafka.createTopics(1, List.of(behaviours, deadLetterTopic), List.of());
        try (TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            events.sendRaw(behaviours, "k", new byte[] {1, 2, 3});
            events.send(behaviours, TestEvents.behaviour("ok", "erin", "m1", Action.CLICK, Instant.now()));
            events.flush();
            Configuration config = Configuration.fromMap(Map.of(
                    JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                    JobOptions.BEHAVIOUR_TOPIC.key(), behaviours,
                    JobOptions.DEAD_LETTER_TOPIC.key(), deadLetterTopic));
            CollectingSink<RecallRequest> requests = new CollectingSink<>();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, config);
            NearlineRecallJob.builder(config)
                    .input(KafkaSource.<RawInput>builder().setBootstrapServers(kafka.bootstrapServers())
                            .setTopics(behaviours).setStartingOffsets(OffsetsInitializer.earliest())
                            .setBounded(OffsetsInitializer.latest()).setDeserializer(new RawInputDeserializer()).build())
                    .triggerPolicy(new EveryNthBehaviourPolicy(1))
                    .deadLetters(KafkaConnections.deadLetterSink(config))
                    .recallStore(new CollectingSink<>())
                    .requestTap(requests)
                    .build()
                    .build(env);
            env.execute("dead-letter-topic");

            List<ConsumerRecord<byte[], byte[]>> letters = events.readAll(deadLetterTopic, 1, Duration.ofSeconds(20));
            assertEquals(1, letters.size());
            DeadLetter letter = Codecs.deadLetters().decode(letters.get(0).value()).value();
            assertEquals("BAD_BYTES", letter.getReason());
            assertEquals("BAD_BYTES", new String(letters.get(0).headers().lastHeader("reason").value(), StandardCharsets.UTF_8));
            assertEquals(3, letter.getPayload().remaining(), "the rejected bytes are kept whole");
            assertEquals(1, requests.collected().size(), "the good event after the bad one is processed");
        }
    }

    private static KafkaSource<RawInput> boundedInput() {
        return KafkaSource.<RawInput>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(BEHAVIOURS, PROFILES)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawInputDeserializer())
                .build();
    }
}
