package io.nearline.recall.job.catalogue;

import io.nearline.recall.job.JobOptions;
import java.io.Serializable;
import org.apache.flink.configuration.Configuration;

/**
 * Where the live catalogue comes from: the directory of saved semantic IDs (codebook and
 * assignments, written by the ID builder) and the compacted topic of marketing-object updates.
 */
public record CatalogueSource(String idsDirectory, String bootstrapServers, String topic) implements Serializable {

    public static CatalogueSource from(Configuration config) {
        return new CatalogueSource(config.get(JobOptions.SEMANTIC_IDS_DIR),
                config.get(JobOptions.KAFKA_BOOTSTRAP), config.get(JobOptions.CATALOGUE_TOPIC));
    }
}
