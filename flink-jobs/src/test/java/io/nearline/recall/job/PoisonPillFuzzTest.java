package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.job.input.PoisonRecords.Kind;
import io.nearline.recall.job.input.PoisonRecords.Poison;
import io.nearline.recall.job.input.PoisonRecords;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More than 10,000 bad records of every kind, interleaved with good behaviours, through a real broker,
 * the job and its real dead-letter topic: the job never restarts, every bad record is dead-lettered
 * with its reason at its own offset, every good behaviour reaches its user, and the counts add up.
 */
class PoisonPillFuzzTest {

    private static final String BEHAVIOURS = "fuzz-behaviours";
    private static final String PROFILES = "fuzz-profiles";
    private static final String DEAD_LETTERS = "fuzz-dead-letters";
    private static final int BAD_RECORDS = 10_500;
    private static final int GOOD_USERS = 100;
    private static final int GOOD_PER_USER = 20;

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

    /** Where a record landed, to match dead letters with what was sent. */
    private record Sent(Kind kind, Future<RecordMetadata> where) {}

    @Test
    void tenThousandBadRecords_areDeadLetteredWithTheirReasons_andEveryGoodOneReachesItsUser() throws Exception {
        Instant now = Instant.now();
        PoisonRecords poison = new PoisonRecords(20261202L, now);
        Random random = new Random(11);
        Kind[] kinds = Kind.values();
        Map<Kind, Integer> tried = new EnumMap<>(Kind.class);
        Map<String, Set<String>> goodEvents = new TreeMap<>();
        List<Sent> sent = new ArrayList<>();
        int good = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "acks", "all", "max.request.size", "2000000", "linger.ms", "5"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int bad = 0; bad < BAD_RECORDS; bad++) {
                Kind kind = kinds[random.nextInt(kinds.length)];
                if (kind.large() && tried.getOrDefault(kind, 0) >= 4) {
                    kind = Kind.RANDOM_BYTES;
                }
                Poison record = poison.next(kind);
                tried.merge(kind, 1, Integer::sum);
                String topic = kind.profile() ? PROFILES : BEHAVIOURS;
                sent.add(new Sent(kind, producer.send(new ProducerRecord<>(topic,
                        record.key().getBytes(StandardCharsets.UTF_8), record.value()))));
                if (bad % 5 == 0 && good < GOOD_USERS * GOOD_PER_USER) {
                    BehaviourEvent event = goodBehaviour(good++, now);
                    goodEvents.computeIfAbsent(event.getUserId(), u -> new TreeSet<>()).add(event.getEventId());
                    producer.send(new ProducerRecord<>(BEHAVIOURS, event.getUserId().getBytes(StandardCharsets.UTF_8),
                            Codecs.behaviourEvents().encode(event)));
                }
            }
            producer.flush();
        }
        assertEquals(GOOD_USERS * GOOD_PER_USER, good);
        Map<String, Kind> kindAt = new HashMap<>();
        for (Sent record : sent) {
            RecordMetadata where = record.where().get();
            kindAt.put(where.topic() + "/" + where.partition() + "/" + where.offset(), record.kind());
        }

        CollectingSink<RecallRequest> requests = new CollectingSink<>();
        Configuration config = Configuration.fromMap(Map.of(
                JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                JobOptions.BEHAVIOUR_TOPIC.key(), BEHAVIOURS,
                JobOptions.PROFILE_TOPIC.key(), PROFILES,
                JobOptions.DEAD_LETTER_TOPIC.key(), DEAD_LETTERS,
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "3",
                "metrics.reporter.fuzz.factory.class", CounterSnapshotReporter.Factory.class.getName()));
        CounterSnapshotReporter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        NearlineRecallJob.builder(config)
                .input(KafkaSource.<RawInput>builder().setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(BEHAVIOURS, PROFILES).setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest()).setDeserializer(new RawInputDeserializer()).build())
                .triggerPolicy(new EveryNthBehaviourPolicy(GOOD_PER_USER / 2))
                .deadLetters(KafkaConnections.deadLetterSink(config))
                .recallStore(new CollectingSink<>())
                .requestTap(requests)
                .build()
                .build(env);
        env.execute("poison-pill-fuzz");

        assertTrue(CounterSnapshotReporter.restartsReported(), "Flink reports the job's restarts");
        assertEquals(0, CounterSnapshotReporter.restarts(), "the job must never restart on bad input");

        long deadLettered = CounterSnapshotReporter.value(JobMetrics.RECORDS_DEAD_LETTERED);
        List<ConsumerRecord<byte[], byte[]>> letters = new TestEvents(kafka.bootstrapServers())
                .readAll(DEAD_LETTERS, (int) deadLettered + 1, Duration.ofSeconds(5));
        Map<Kind, Map<String, Integer>> reasonsByKind = new EnumMap<>(Kind.class);
        int mutationsRejected = 0;
        for (ConsumerRecord<byte[], byte[]> record : letters) {
            DeadLetter letter = Codecs.deadLetters().decode(record.value()).value();
            Kind kind = kindAt.remove(letter.getSourceTopic() + "/" + letter.getPartition() + "/" + letter.getOffset());
            assertTrue(kind != null, "a dead letter for a record that was not sent bad, or twice: " + letter.getDetail());
            assertTrue(!letter.getDetail().isBlank());
            assertTrue(letter.getPayload().remaining() <= JobOptions.DEAD_LETTER_MAX_PAYLOAD.defaultValue());
            reasonsByKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(letter.getReason(), 1, Integer::sum);
            if (kind.reason == null) {
                mutationsRejected++;
            } else {
                assertEquals(kind.reason.name(), letter.getReason(), kind + ": " + letter.getDetail());
            }
        }
        long mutationsAccepted = kindAt.values().stream().filter(kind -> kind.reason == null).count();
        assertTrue(kindAt.values().stream().allMatch(kind -> kind.reason == null),
                "bad records not dead-lettered: " + kindAt.values().stream().filter(k -> k.reason != null).toList());

        long read = CounterSnapshotReporter.value(JobMetrics.RECORDS_READ);
        long accepted = CounterSnapshotReporter.value(JobMetrics.RECORDS_ACCEPTED);
        assertEquals(BAD_RECORDS + good, read, "every record sent is read once");
        assertEquals(read, accepted + deadLettered);
        assertEquals(letters.size(), deadLettered, "every dead letter counted reached the topic");
        assertEquals(good + mutationsAccepted, accepted);
        assertEquals(BAD_RECORDS - mutationsAccepted, deadLettered);

        Map<String, RecallRequest> lastByUser = new TreeMap<>();
        for (RecallRequest request : requests.collected()) {
            lastByUser.merge(request.userId, request, (a, b) -> a.behavioursSeen >= b.behavioursSeen ? a : b);
        }
        for (Map.Entry<String, Set<String>> user : goodEvents.entrySet()) {
            RecallRequest last = lastByUser.get(user.getKey());
            assertTrue(last != null, "no request for good user " + user.getKey());
            assertEquals(GOOD_PER_USER, last.behavioursSeen, user.getKey());
            String prefix = user.getKey() + "/";
            String suffix = "/" + GOOD_PER_USER;
            assertTrue(last.requestId.startsWith(prefix) && last.requestId.endsWith(suffix), last.requestId);
            String newest = last.requestId.substring(prefix.length(), last.requestId.length() - suffix.length());
            assertTrue(user.getValue().contains(newest), "the newest behaviour is a good one of the user: " + newest);
        }

        System.out.println("[fuzz] tried by kind " + tried);
        System.out.println("[fuzz] dead-lettered by kind and reason " + reasonsByKind);
        System.out.printf("[fuzz] bad %d (mutations accepted %d, rejected %d), good %d, read %d, accepted %d, "
                + "dead-lettered %d, restarts %d%n", BAD_RECORDS, mutationsAccepted, mutationsRejected, good, read,
                accepted, deadLettered, CounterSnapshotReporter.restarts());
    }

    /** Good users have names with a colon or another script, which the Redis key layout must take. */
    private static BehaviourEvent goodBehaviour(int serial, Instant now) {
        int user = serial % GOOD_USERS;
        String name = user % 2 == 0 ? "good:" + user : "用户-" + user;
        return TestEvents.behaviour("g-" + serial, name, "m" + (serial % 37), Action.CLICK,
                now.minusSeconds(3600).plusMillis(serial));
    }
}
