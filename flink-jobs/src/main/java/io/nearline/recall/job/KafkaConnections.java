package io.nearline.recall.job;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.job.catalogue.CatalogueEnd;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.RawInputDeserializer;
import io.nearline.recall.job.sink.DeadLetterSerializer;
import io.nearline.recall.job.trace.TraceSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Builds the job's Kafka clients from the options, all with the {@code kafka.properties.*} settings: the
 * source of behaviour and profile records, the rules and catalogue sources, and the dead-letter sink.
 */
public final class KafkaConnections {

    private KafkaConnections() {}

    /** Prefix of Kafka client settings passed through as they are (security.protocol, sasl.jaas.config ...). */
    public static final String CLIENT_PROPERTIES = "kafka.properties.";

    public static KafkaSource<RawInput> inputSource(Configuration config) {
        return inputSourceBuilder(config).build();
    }

    /** The input source as {@link #inputSource} builds it, still open to settings (the bench bounds it). */
    public static KafkaSourceBuilder<RawInput> inputSourceBuilder(Configuration config) {
        return KafkaSource.<RawInput>builder()
                .setProperties(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setGroupId(config.get(JobOptions.KAFKA_GROUP_ID))
                .setTopics(List.of(config.get(JobOptions.BEHAVIOUR_TOPIC), config.get(JobOptions.PROFILE_TOPIC)))
                .setStartingOffsets(startingOffsets(config.get(JobOptions.STARTING_OFFSETS)))
                .setDeserializer(new RawInputDeserializer())
                .setProperty("partition.discovery.interval.ms", "60000");
    }

    /** The control topic of rule updates, read from its start so the newest valid rules apply after any restart. */
    public static KafkaSource<RawInput> rulesSource(Configuration config) {
        return KafkaSource.<RawInput>builder()
                .setProperties(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setGroupId(config.get(JobOptions.KAFKA_GROUP_ID) + "-rules")
                .setTopics(config.get(JobOptions.RULES_TOPIC))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawInputDeserializer())
                .build();
    }

    /**
     * The compacted topic of marketing objects, read from its start whenever the job starts without a
     * checkpoint (the topic holds the latest state of every object); after a restore the catalogue comes
     * from the broadcast state and the source resumes at its checkpointed offsets.
     */
    public static KafkaSource<RawInput> catalogueSource(Configuration config) {
        return KafkaSource.<RawInput>builder()
                .setProperties(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setGroupId(config.get(JobOptions.KAFKA_GROUP_ID) + "-catalogue")
                .setTopics(config.get(JobOptions.CATALOGUE_TOPIC))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawInputDeserializer())
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /** As {@link #catalogueEnd(Configuration, Duration)}, waiting at most a minute. */
    public static CatalogueEnd catalogueEnd(Configuration config) {
        return catalogueEnd(config, Duration.ofMinutes(1));
    }

    /**
     * Where the catalogue topic ends now, per partition that holds records: recalls are resolved once the
     * job has read that far. A topic that does not exist yet is empty. A cluster that cannot be reached
     * within {@code timeout} (down, or {@code kafka.properties.*} wrong for it) fails the job's start.
     */
    public static CatalogueEnd catalogueEnd(Configuration config, Duration timeout) {
        String topic = config.get(JobOptions.CATALOGUE_TOPIC);
        Map<String, Object> settings = new HashMap<>(clientSettings(config));
        settings.put("bootstrap.servers", config.get(JobOptions.KAFKA_BOOTSTRAP));
        settings.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        settings.put("request.timeout.ms", Long.toString(Math.max(1, timeout.toMillis() / 2)));
        Admin admin = Admin.create(settings);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().forEach(info -> {
                        TopicPartition partition = new TopicPartition(topic, info.partition());
                        earliest.put(partition, OffsetSpec.earliest());
                        latest.put(partition, OffsetSpec.latest());
                    });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
                    admin.listOffsets(earliest).all().get(remaining(deadline), TimeUnit.NANOSECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                    admin.listOffsets(latest).all().get(remaining(deadline), TimeUnit.NANOSECONDS);
            Map<Integer, Long> offsets = new HashMap<>();
            end.forEach((partition, info) -> {
                if (info.offset() > start.get(partition).offset()) {
                    offsets.put(partition.partition(), info.offset());
                }
            });
            return new CatalogueEnd(offsets);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return CatalogueEnd.NONE;
            }
            throw unreachable(topic, timeout, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(topic, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end of catalogue topic " + topic, e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static IllegalStateException unreachable(String topic, Duration timeout, Throwable cause) {
        return new IllegalStateException("catalogue topic " + topic + " not reachable within " + timeout
                + " (unreachable, or kafka.properties.* wrong for the cluster?)", cause);
    }

    public static KafkaSink<DeadLetter> deadLetterSink(Configuration config) {
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setRecordSerializer(new DeadLetterSerializer(config.get(JobOptions.DEAD_LETTER_TOPIC),
                        config.get(JobOptions.DEAD_LETTER_MAX_PAYLOAD)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The trace topic's sink ({@code topics.traces}); at least once, like the dead letters. */
    public static KafkaSink<RecallTrace> traceSink(Configuration config) {
        return KafkaSink.<RecallTrace>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setRecordSerializer(new TraceSerializer(config.get(JobOptions.TRACE_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** Every {@code kafka.properties.*} setting, without the prefix, for the Kafka clients. */
    static Properties clientProperties(Configuration config) {
        Properties properties = new Properties();
        properties.putAll(clientSettings(config));
        return properties;
    }

    /** The same {@code kafka.properties.*} settings as a map. */
    public static Map<String, String> clientSettings(Configuration config) {
        Map<String, String> settings = new TreeMap<>();
        config.toMap().forEach((key, value) -> {
            if (key.startsWith(CLIENT_PROPERTIES)) {
                settings.put(key.substring(CLIENT_PROPERTIES.length()), value);
            }
        });
        return settings;
    }

    @SuppressWarnings("deprecation") // the connector's committedOffsets still takes Kafka's deprecated strategy type
    static OffsetsInitializer startingOffsets(String name) {
        switch (name) {
            case "earliest":
                return OffsetsInitializer.earliest();
            case "latest":
                return OffsetsInitializer.latest();
            case "committed":
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                throw new IllegalArgumentException(JobOptions.STARTING_OFFSETS.key()
                        + " must be earliest, latest or committed, was " + name);
        }
    }
}
