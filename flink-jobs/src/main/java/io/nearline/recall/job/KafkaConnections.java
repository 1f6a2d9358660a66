package io.nearline.recall.job;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.RawInputDeserializer;
import io.nearline.recall.job.sink.DeadLetterSerializer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the job's Kafka source of behaviour and profile records and its dead-letter sink from the options. */
public final class KafkaConnections {

    private KafkaConnections() {}

    /** Prefix of Kafka client settings passed through as they are (security.protocol, sasl.jaas.config ...). */
    public static final String CLIENT_PROPERTIES = "kafka.properties.";

    public static KafkaSource<RawInput> inputSource(Configuration config) {
        return KafkaSource.<RawInput>builder()
                .setProperties(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setGroupId(config.get(JobOptions.KAFKA_GROUP_ID))
                .setTopics(List.of(config.get(JobOptions.BEHAVIOUR_TOPIC), config.get(JobOptions.PROFILE_TOPIC)))
                .setStartingOffsets(startingOffsets(config.get(JobOptions.STARTING_OFFSETS)))
                .setDeserializer(new RawInputDeserializer())
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
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

    public static KafkaSink<DeadLetter> deadLetterSink(Configuration config) {
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setBootstrapServers(config.get(JobOptions.KAFKA_BOOTSTRAP))
                .setRecordSerializer(new DeadLetterSerializer(config.get(JobOptions.DEAD_LETTER_TOPIC),
                        config.get(JobOptions.DEAD_LETTER_MAX_PAYLOAD)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** Every {@code kafka.properties.*} setting, without the prefix, for the Kafka clients. */
    static Properties clientProperties(Configuration config) {
        Properties properties = new Properties();
        properties.putAll(clientSettings(config));
        return properties;
    }

    /** The same {@code kafka.properties.*} settings as a map, for clients the job starts itself (the catalogue follower). */
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
