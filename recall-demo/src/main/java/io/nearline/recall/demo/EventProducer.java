package io.nearline.recall.demo;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays a behaviour log to Kafka as an event producer would: profiles first, then behaviours in
 * time order, keyed by user, Avro single-object encoded. Every {@code malformedEvery}-th record it also
 * sends one malformed record (garbage, unknown schema, no user, absurd time) to exercise the dead-letter path.
 */
public final class EventProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String behaviourTopic;
    private final String profileTopic;
    private final SingleObjectCodec<BehaviourEvent> behaviours = Codecs.behaviourEvents();
    private final SingleObjectCodec<UserProfileUpdate> profiles = Codecs.profileUpdates();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong malformedSent = new AtomicLong();
    private final AtomicLong behavioursSent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong historySent = new AtomicLong();
    private final Set<String> usersSent = ConcurrentHashMap.newKeySet();
    private volatile Consumer<BehaviourEvent> acknowledged = event -> { };

    public EventProducer(String bootstrapServers, String behaviourTopic, String profileTopic) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.behaviourTopic = behaviourTopic;
        this.profileTopic = profileTopic;
    }

    /** Called, on the producer's I/O thread, with every replayed behaviour the broker acknowledged. */
    public EventProducer onAcknowledged(Consumer<BehaviourEvent> listener) {
        this.acknowledged = listener;
        return this;
    }

    /**
     * Sends the log's profiles and then up to {@code maxEvents} behaviours, from the {@code skip}-th on,
     * stopping early at {@code deadline}. {@code eventsPerSecond} of 0 means as fast as the broker takes them.
     */
    public void replay(BehaviourLog log, long skip, long maxEvents, Instant deadline, int eventsPerSecond,
                       int malformedEvery) {
        replay(log, skip, maxEvents, deadline, ReplayPace.steady(eventsPerSecond), malformedEvery);
    }

    /** As {@link #replay(BehaviourLog, long, long, Instant, int, int)}, each behaviour sent when {@code pace} says. */
    public void replay(BehaviourLog log, long skip, long maxEvents, Instant deadline, ReplayPace pace,
                       int malformedEvery) {
        if (historySent.get() == 0) { // a warm start sent them with the history
            sendProfiles(log);
        }
        long started = System.nanoTime();
        long events = 0;
        Iterator<BehaviourEvent> iterator = log.events();
        for (long skipped = 0; skipped < skip && iterator.hasNext(); skipped++) {
            iterator.next();
        }
        while (iterator.hasNext() && events < maxEvents && Instant.now().isBefore(deadline)) {
            BehaviourEvent event = iterator.next();
            send(behaviourTopic, event.getUserId(), behaviours.encode(event), () -> acknowledged.accept(event));
            behavioursSent.incrementAndGet();
            usersSent.add(event.getUserId());
            events++;
            if (malformedEvery > 0 && events % malformedEvery == 0) {
                sendMalformed(event, events / malformedEvery);
            }
            if (pace.paced()) {
                waitUntil(started + pace.dueNanos(events));
            }
        }
        producer.flush();
    }

    /**
     * Sends the log's profiles and its first {@code count} behaviours as fast as the broker takes them: the
     * history a warm start loads into the job's state before the replay.
     */
    public void sendHistory(BehaviourLog log, long count) {
        sendProfiles(log);
        Iterator<BehaviourEvent> iterator = log.events();
        for (long i = 0; i < count && iterator.hasNext(); i++) {
            BehaviourEvent event = iterator.next();
            send(behaviourTopic, event.getUserId(), behaviours.encode(event));
            usersSent.add(event.getUserId());
            historySent.incrementAndGet();
        }
        producer.flush();
    }

    private void sendProfiles(BehaviourLog log) {
        for (UserProfileUpdate profile : log.profiles()) {
            send(profileTopic, profile.getUserId(), profiles.encode(profile));
            usersSent.add(profile.getUserId());
        }
    }

    /** History behaviours sent by {@link #sendHistory}. */
    public long historySent() {
        return historySent.get();
    }

    private void sendMalformed(BehaviourEvent template, long ordinal) {
        byte[] value;
        switch ((int) (ordinal % 4)) {
            case 0:
                value = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
                break;
            case 1:
                value = behaviours.encode(template).clone();
                value[2] ^= (byte) 0x5a; // the fingerprint no longer names a known schema
                break;
            case 2:
                value = behaviours.encode(BehaviourEvent.newBuilder(template).setUserId("").build());
                break;
            default:
                value = behaviours.encode(BehaviourEvent.newBuilder(template)
                        .setEventTime(Instant.parse("2199-01-01T00:00:00Z")).build());
        }
        malformedSent.incrementAndGet();
        send(behaviourTopic, "malformed-" + ordinal, value);
    }

    private void send(String topic, String key, byte[] value) {
        send(topic, key, value, () -> { });
    }

    private void send(String topic, String key, byte[] value, Runnable onAcknowledged) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
            if (error != null) {
                sendFailures.incrementAndGet();
            } else {
                onAcknowledged.run();
            }
        });
        sent.incrementAndGet();
    }

    private static void waitUntil(long dueNanos) {
        long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000;
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records sent so far, malformed ones and profiles included. */
    public long sent() {
        return sent.get();
    }

    /** Well-formed behaviours sent so far. */
    public long behavioursSent() {
        return behavioursSent.get();
    }

    public long malformedSent() {
        return malformedSent.get();
    }

    /** Sends the broker did not acknowledge; such records never reach the job. */
    public long sendFailures() {
        return sendFailures.get();
    }

    /** Distinct users of the well-formed records sent (profiles and behaviours). */
    public long distinctUsers() {
        return usersSent.size();
    }

    @Override
    public void close() {
        producer.close();
    }
}
