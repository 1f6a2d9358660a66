package io.nearline.recall.testing;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.schema.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes scripted behaviour and profile records to a real broker and reads topics back. */
public final class TestEvents implements AutoCloseable {

    private final String bootstrap;
    private final Map<String, String> clientSettings;
    private final KafkaProducer<byte[], byte[]> producer;

    public TestEvents(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /** With more client settings: a secured broker's login ({@link EmbeddedKafkaBroker#clientSettings()}). */
    public TestEvents(String bootstrap, Map<String, String> clientSettings) {
        this.bootstrap = bootstrap;
        this.clientSettings = Map.copyOf(clientSettings);
        // one request in flight: a batch that fails retriably is retried before the next is sent, so a later batch
        // cannot get in first and leave the idempotent producer retrying the earlier one forever (KAFKA-14359)
        this.producer = new KafkaProducer<>(settings(Map.of("acks", "all", "max.in.flight.requests.per.connection", "1")),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Map<String, Object> settings(Map<String, String> own) {
        Map<String, Object> all = new HashMap<>(clientSettings);
        all.putAll(own);
        all.put("bootstrap.servers", bootstrap);
        return all;
    }

    public static BehaviourEvent behaviour(String eventId, String user, String object, Action action, Instant time) {
        return BehaviourEvent.newBuilder().setEventId(eventId).setUserId(user).setObjectId(object)
                .setAction(action).setDomain(Domain.AD).setEventTime(time).build();
    }

    public void send(String topic, BehaviourEvent event) {
        sendRaw(topic, event.getUserId(), Codecs.behaviourEvents().encode(event));
    }

    public void send(String topic, UserProfileUpdate profile) {
        sendRaw(topic, profile.getUserId(), Codecs.profileUpdates().encode(profile));
    }

    public void sendRaw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    public void flush() {
        producer.flush();
    }

    /** Reads every record of {@code topic} until {@code expected} have arrived or the timeout passes. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings(Map.of(
                "group.id", "test-reader-" + System.nanoTime(), "auto.offset.reset", "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() {
        producer.close();
    }
}
