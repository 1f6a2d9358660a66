package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.Decoded;
import io.nearline.recall.schema.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link LiveCatalogue} in step with the compacted topic of marketing objects: reads it from
 * the start (a compacted topic holds the latest state of every object), then follows new updates.
 * Records it cannot decode are counted and logged, never applied.
 */
public final class CatalogueTopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueTopicFollower.class);

    private final LiveCatalogue catalogue;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running = true;

    private CatalogueTopicFollower(LiveCatalogue catalogue, String bootstrapServers, String topic,
                                   Map<String, String> clientSettings) {
        this.catalogue = catalogue;
        this.topic = topic;
        // the job's client settings (security.protocol, sasl.* ...) first, so a secured cluster is reachable;
        // then what this follower relies on: it assigns partitions itself and never commits offsets
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("enable.auto.commit", "false");
        settings.putIfAbsent("max.poll.records", "5000");
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, "catalogue-follower-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic} with default client settings (an unsecured cluster). */
    public static CatalogueTopicFollower start(LiveCatalogue catalogue, String bootstrapServers, String topic) {
        return start(catalogue, bootstrapServers, topic, Map.of());
    }

    /**
     * Starts following {@code topic} with extra Kafka consumer settings ({@code security.protocol},
     * {@code sasl.jaas.config} ...); see {@link #awaitCaughtUp} to wait for the initial load.
     */
    public static CatalogueTopicFollower start(LiveCatalogue catalogue, String bootstrapServers, String topic,
                                               Map<String, String> clientSettings) {
        CatalogueTopicFollower follower = new CatalogueTopicFollower(catalogue, bootstrapServers, topic, clientSettings);
        follower.thread.start();
        return follower;
    }

    /** Waits until everything on the topic when following began has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long applied() {
        return applied.get();
    }

    public long undecodable() {
        return undecodable.get();
    }

    private void follow() {
        SingleObjectCodec<MarketingObject> codec = Codecs.marketingObjects();
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                List<MarketingObject> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    Decoded<MarketingObject> decoded = codec.decode(record.value());
                    if (decoded.ok()) {
                        batch.add(decoded.value());
                    } else {
                        undecodable.incrementAndGet();
                        LOG.warn("catalogue record {}@{}/{} skipped: {} {}", topic, record.partition(),
                                record.offset(), decoded.failure(), decoded.detail());
                    }
                }
                if (!batch.isEmpty()) {
                    catalogue.applyAll(batch);
                    applied.addAndGet(batch.size());
                }
                if (caughtUp.getCount() > 0 && reached(end)) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException closing) {
            // close() interrupts the poll
        } catch (RuntimeException e) {
            LOG.error("catalogue follower of {} stopped", topic, e);
        } finally {
            consumer.close();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
