package io.nearline.recall.tiering;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a rules file to the control topic the job broadcasts from: the YAML text as the value, keyed
 * {@value TieringOptions#RULES_RECORD_KEY}, so a compacted topic keeps the latest rules. Publishes only valid rules.
 */
public final class RulesPublisher {

    private static final long SEND_TIMEOUT_MS = 30_000;

    private RulesPublisher() {}

    /** Where the rules landed, or why they were not sent. */
    public record Published(TriggerRules rules, String topic, int partition, long offset) {}

    /**
     * Validates {@code yaml} and sends it.
     *
     * @throws IllegalArgumentException when the rules are invalid (nothing is sent)
     * @throws IllegalStateException    when Kafka did not acknowledge the record in time
     */
    public static Published publish(String yaml, String bootstrap, String topic) {
        RulesParseResult parsed = TriggerRulesParser.parse(yaml);
        if (!parsed.isValid()) {
            throw new IllegalArgumentException("not publishing invalid rules:\n" + parsed.describeErrors());
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(SEND_TIMEOUT_MS));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT_MS));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT_MS / 2));
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            RecordMetadata meta = producer.send(new ProducerRecord<>(topic, TieringOptions.RULES_RECORD_KEY, yaml))
                    .get(SEND_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
            return new Published(parsed.rules(), meta.topic(), meta.partition(), meta.offset());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not accept the rules on topic " + topic
                    + ": " + (e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing rules", e);
        }
    }
}
