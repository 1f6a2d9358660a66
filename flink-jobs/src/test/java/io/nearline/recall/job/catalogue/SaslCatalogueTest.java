package io.nearline.recall.job.catalogue;

import static io.nearline.recall.job.catalogue.CatalogueJobRun.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's catalogue input reaches a SCRAM-secured broker with the job's {@code kafka.properties.*},
 * and only with them: the job reads the secured topic through its Flink source and keeps following it.
 */
class SaslCatalogueTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    @Test
    void theCatalogueInput_readsASecuredTopic_withTheJobsClientSettings_andNotWithout(@TempDir Path dir)
            throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startWithScram(USER, PASSWORD);
             CatalogueJobRun run = CatalogueJobRun.prepare(dir, kafka.bootstrapServers(), kafka.clientSettings())) {
            kafka.createTopics(2, List.of(CatalogueJobRun.BEHAVIOURS, "profile-updates"), List.of());
            kafka.createTopics(1, List.of(CatalogueJobRun.OBJECTS), List.of(CatalogueJobRun.OBJECTS));
            run.publish(object("a", DeliveryStatus.IN_DELIVERY, 1));

            // without the credentials the job cannot read the topic: the broker is really secured
            Map<String, String> plain = CatalogueJobRun.settings(dir, kafka.bootstrapServers(), Map.of());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> KafkaConnections.catalogueEnd(Configuration.fromMap(plain), Duration.ofSeconds(5)));
            assertTrue(refused.getMessage().contains("kafka.properties"), refused.getMessage());

            String prefix = KafkaConnections.CLIENT_PROPERTIES;
            Map<String, String> secured = new HashMap<>(plain);
            secured.put(prefix + "security.protocol", "SASL_PLAINTEXT");
            secured.put(prefix + "sasl.mechanism", "SCRAM-SHA-256");
            secured.put(prefix + "sasl.jaas.config", EmbeddedKafkaBroker.scramJaas(USER, PASSWORD));
            Configuration config = Configuration.fromMap(secured);
            CatalogueEnd end = KafkaConnections.catalogueEnd(config, Duration.ofSeconds(20));
            assertEquals(Map.of(0, 1L), end.offsets(), "the one record published so far");
            // the source travels in the job graph to the task managers, settings included; what the operators
            // get (the IDs directory and the topic's end) names no setting at all
            assertNotNull(InstantiationUtil.clone(KafkaConnections.catalogueSource(config)));
            assertFalse(new CatalogueSource(dir.toString(), end).toString().contains(PASSWORD));

            run.start(secured);
            run.awaitRecallOf(Set.of("a"), Duration.ofSeconds(5));

            // and it keeps following the secured topic after the initial load
            run.publish(object("d", DeliveryStatus.IN_DELIVERY, 2));
            run.awaitRecallOf(Set.of("a", "d"), Duration.ofSeconds(30));
        }
    }
}
