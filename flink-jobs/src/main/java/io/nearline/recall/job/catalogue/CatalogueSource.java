package io.nearline.recall.job.catalogue;

import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;

/**
 * Where the live catalogue comes from: the directory of saved semantic IDs (codebook and
 * assignments, written by the ID builder), the compacted topic of marketing-object updates, and the
 * Kafka client settings ({@code kafka.properties.*}, secrets resolved) needed to reach that topic.
 */
public record CatalogueSource(String idsDirectory, String bootstrapServers, String topic,
                              Map<String, String> clientSettings) implements Serializable {

    public CatalogueSource {
        // an immutable copy: the source is a key of the shared catalogues and travels with the job graph
        clientSettings = Map.copyOf(clientSettings);
    }

    /** A source on an unsecured cluster (no client settings). */
    public CatalogueSource(String idsDirectory, String bootstrapServers, String topic) {
        this(idsDirectory, bootstrapServers, topic, Map.of());
    }

    public static CatalogueSource from(Configuration config) {
        return new CatalogueSource(config.get(JobOptions.SEMANTIC_IDS_DIR), config.get(JobOptions.KAFKA_BOOTSTRAP),
                config.get(JobOptions.CATALOGUE_TOPIC), KafkaConnections.clientSettings(config));
    }

    /** Names the client settings but never their values: {@code sasl.jaas.config} holds a password. */
    @Override
    public String toString() {
        return "CatalogueSource[idsDirectory=" + idsDirectory + ", bootstrapServers=" + bootstrapServers
                + ", topic=" + topic + ", clientSettings=" + new TreeMap<>(clientSettings).keySet() + "]";
    }
}
