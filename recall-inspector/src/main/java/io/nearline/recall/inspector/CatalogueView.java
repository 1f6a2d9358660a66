package io.nearline.recall.inspector;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.Decoded;
import io.nearline.recall.schema.SingleObjectCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue's objects (text and attributes) as the inspector shows them: its compacted topic read from the
 * start and followed, by a consumer that joins no group and commits nothing. Without brokers it is empty and
 * objects show by ID.
 */
final class CatalogueView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueView.class);

    private final Map<String, MarketingObject> objects = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread follower;
    private volatile boolean running = true;
    private volatile long undecodable;

    private CatalogueView(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        if (consumer == null) {
            loaded.countDown();
            follower = null;
            return;
        }
        follower = new Thread(() -> follow(topic), "inspector-catalogue");
        follower.setDaemon(true);
        follower.start();
    }

    static CatalogueView none() {
        return new CatalogueView(null, "");
    }

    static CatalogueView follow(String bootstrap, String topic) {
        if (bootstrap.isEmpty()) {
            return none();
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", "false", "client.id", "recall-inspector"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return new CatalogueView(consumer, topic);
    }

    Optional<MarketingObject> object(String objectId) {
        return Optional.ofNullable(objects.get(objectId));
    }

    int size() {
        return objects.size();
    }

    long undecodable() {
        return undecodable;
    }

    /** Waits until the topic has been read as far as it reached when the view started. */
    boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void follow(String topic) {
        SingleObjectCodec<MarketingObject> codec = Codecs.marketingObjects();
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Decoded<MarketingObject> decoded = record.value() == null ? null : codec.decode(record.value());
                    if (decoded != null && decoded.ok()) {
                        objects.put(decoded.value().getObjectId(), decoded.value());
                    } else {
                        undecodable++;
                    }
                }
                if (loaded.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    loaded.countDown();
                    LOG.info("catalogue read: {} objects from {}", objects.size(), topic);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("catalogue topic {} cannot be followed: {}; objects show by ID", topic, e.toString());
            loaded.countDown();
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            follower.join(5_000);
        }
    }
}
