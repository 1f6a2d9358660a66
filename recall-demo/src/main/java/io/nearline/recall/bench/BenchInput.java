package io.nearline.recall.bench;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bench's input: the generated behaviour log, profiles first, published once to the broker keyed by
 * user and Avro single-object encoded as producers do, so that every run reads the same records from disk.
 */
final class BenchInput {

    static final String BEHAVIOURS = "bench-behaviours";
    static final String PROFILES = "bench-profiles";
    /** Topics of the same shape holding nothing: a job over them costs only its start and end. */
    static final String EMPTY_BEHAVIOURS = "bench-empty-behaviours";
    static final String EMPTY_PROFILES = "bench-empty-profiles";

    private final long records;
    private final long users;
    private final BehaviourLog log;

    private BenchInput(long records, long users, BehaviourLog log) {
        this.records = records;
        this.users = users;
        this.log = log;
    }

    /** Generates {@code events} behaviours of {@code users} users, ending now, and publishes them. */
    static BenchInput publish(EmbeddedKafkaBroker kafka, int partitions, int users, long events) {
        kafka.createTopics(partitions, List.of(BEHAVIOURS, PROFILES, EMPTY_BEHAVIOURS, EMPTY_PROFILES), List.of());
        BehaviourLog log = BehaviourLogs.open(BehaviourLogs.GENERATOR, BehaviourLogOptions.defaults()
                .withUsers(users).withEvents(events).withRebaseEndTime(Instant.now()));
        SingleObjectCodec<BehaviourEvent> behaviours = Codecs.behaviourEvents();
        SingleObjectCodec<UserProfileUpdate> profiles = Codecs.profileUpdates();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long profileCount = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (UserProfileUpdate profile : log.profiles()) {
                send(producer, PROFILES, profile.getUserId(), profiles.encode(profile), failure);
                sent++;
                profileCount++;
            }
            for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
                BehaviourEvent event = it.next();
                send(producer, BEHAVIOURS, event.getUserId(), behaviours.encode(event), failure);
                sent++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a bench record", failure.get());
        }
        System.out.printf("[bench] published %,d records (%,d profiles, %,d behaviours) of %,d users%n",
                sent, profileCount, sent - profileCount, users);
        return new BenchInput(sent, users, log);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value,
                             AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Records on the input topics: what every run reads. */
    long records() {
        return records;
    }

    long users() {
        return users;
    }

    /** The generated log the records came from: the whole job's semantic IDs and model are learned from it. */
    BehaviourLog log() {
        return log;
    }
}
