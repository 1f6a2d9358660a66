package io.nearline.recall.job.catalogue;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.demo.EmbeddedKafkaBroker;
import io.nearline.recall.job.testing.Await;
import io.nearline.recall.job.testing.TestEvents;
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
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's live catalogue follows the compacted topic: objects leave and rejoin the recall trie as delivery changes. */
class SharedCatalogueTest {

    private static MarketingObject object(String id, DeliveryStatus status, long second) {
        return MarketingObject.newBuilder().setObjectId(id).setStatus(status)
                .setUpdateTime(Instant.ofEpochSecond(second)).build();
    }

    @Test
    void anObjectOutOfDelivery_cannotBeRecalled_untilItReturns(@TempDir Path dir) throws Exception {
        float[][][] centroids = {{{-1f}, {1f}}, {{-0.5f}, {0.5f}}};
        IdAssignments assignments = new IdAssignments(new Codebook(1, "test-vectors", centroids), false, 256);
        assignments.assign("a", new float[] {1.6f});
        assignments.assign("d", new float[] {-1.6f});
        new SemanticIdStore(dir).save(assignments);
        SemanticId a = assignments.idOf("a").orElseThrow();
        SemanticId d = assignments.idOf("d").orElseThrow();

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            kafka.createTopics(1, List.of("objects"), List.of("objects"));
            publish(events, object("a", DeliveryStatus.IN_DELIVERY, 1));
            publish(events, object("d", DeliveryStatus.IN_DELIVERY, 1));
            events.sendRaw("objects", "junk", "not a marketing object".getBytes(StandardCharsets.UTF_8));
            events.flush();

            try (SharedCatalogue.Lease lease = SharedCatalogue.open(
                    new CatalogueSource(dir.toString(), kafka.bootstrapServers(), "objects"))) {
                assertInstanceOf(Resolution.Found.class, lease.catalogue().snapshot().resolve(a));
                assertInstanceOf(Resolution.Found.class, lease.catalogue().snapshot().resolve(d));

                publish(events, object("a", DeliveryStatus.PAUSED, 2));
                await(() -> lease.catalogue().snapshot().resolve(a) instanceof Resolution.Rejected);
                assertInstanceOf(Resolution.Found.class, lease.catalogue().snapshot().resolve(d));

                publish(events, object("a", DeliveryStatus.IN_DELIVERY, 3));
                await(() -> lease.catalogue().snapshot().resolve(a) instanceof Resolution.Found);
            }
        }
    }

    private static void publish(TestEvents events, MarketingObject object) {
        events.sendRaw("objects", object.getObjectId(), Codecs.marketingObjects().encode(object));
        events.flush();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, () -> "the catalogue to follow the topic", Duration.ofSeconds(30), Duration.ofMillis(50));
    }
}
