package io.nearline.recall.job.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.demo.EmbeddedKafkaBroker;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.testing.Await;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.semantic.Codebook;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.Resolution;
import io.nearline.recall.semantic.SemanticId;
import io.nearline.recall.semantic.SemanticIdStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue follower reaches a SCRAM-secured broker with the job's {@code kafka.properties.*}, and only with them. */
class SaslCatalogueTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    @Test
    void theFollower_readsASecuredTopic_withTheJobsClientSettings_andNotWithout(@TempDir Path dir) throws Exception {
        float[][][] centroids = {{{-1f}, {1f}}, {{-0.5f}, {0.5f}}};
        IdAssignments assignments = new IdAssignments(new Codebook(1, "test-vectors", centroids), false, 256);
        assignments.assign("a", new float[] {1.6f});
        assignments.assign("d", new float[] {-1.6f});
        new SemanticIdStore(dir).save(assignments);
        SemanticId a = assignments.idOf("a").orElseThrow();
        SemanticId d = assignments.idOf("d").orElseThrow();

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startWithScram(USER, PASSWORD);
             KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            kafka.createTopics(1, List.of("objects"), List.of("objects"));
            publish(producer, object("a", DeliveryStatus.IN_DELIVERY, 1));

            Map<String, String> job = new HashMap<>(Map.of(
                    JobOptions.SEMANTIC_IDS_DIR.key(), dir.toString(),
                    JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                    JobOptions.CATALOGUE_TOPIC.key(), "objects"));

            // without the credentials the follower cannot read the topic: the broker is really secured
            CatalogueSource plain = CatalogueSource.from(Configuration.fromMap(job));
            assertThrows(IllegalStateException.class, () -> SharedCatalogue.open(plain, Duration.ofSeconds(5)));

            String prefix = KafkaConnections.CLIENT_PROPERTIES;
            job.put(prefix + "security.protocol", "SASL_PLAINTEXT");
            job.put(prefix + "sasl.mechanism", "SCRAM-SHA-256");
            job.put(prefix + "sasl.jaas.config", EmbeddedKafkaBroker.scramJaas(USER, PASSWORD));
            CatalogueSource secured = CatalogueSource.from(Configuration.fromMap(job));
            assertFalse(secured.toString().contains(PASSWORD), secured::toString);
            assertTrue(secured.toString().contains("sasl.jaas.config"), secured::toString);
            // the source travels in the job graph to the task managers, settings included
            assertEquals(secured, InstantiationUtil.clone(secured));

            try (SharedCatalogue.Lease lease = SharedCatalogue.open(secured, Duration.ofSeconds(20))) {
                assertInstanceOf(Resolution.Found.class, lease.catalogue().snapshot().resolve(a));
                assertInstanceOf(Resolution.Rejected.class, lease.catalogue().snapshot().resolve(d));

                // and it keeps following the secured topic after the initial load
                publish(producer, object("d", DeliveryStatus.IN_DELIVERY, 2));
                Await.until(() -> lease.catalogue().snapshot().resolve(d) instanceof Resolution.Found,
                        () -> "the catalogue to follow the secured topic", Duration.ofSeconds(15), Duration.ofMillis(50));
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("acks", "all");
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static MarketingObject object(String id, DeliveryStatus status, long second) {
        return MarketingObject.newBuilder().setObjectId(id).setStatus(status)
                .setUpdateTime(Instant.ofEpochSecond(second)).build();
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, MarketingObject object) throws Exception {
        producer.send(new ProducerRecord<>("objects", object.getObjectId().getBytes(StandardCharsets.UTF_8),
                Codecs.marketingObjects().encode(object))).get();
    }
}
