package io.nearline.recall.job.catalogue;

import static io.nearline.recall.job.catalogue.CatalogueJobRun.object;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job reads the catalogue as a Flink input from its compacted topic: objects leave and rejoin the
 * recalls as their delivery changes, and a record that is not a marketing object is skipped.
 */
class CatalogueInputTest {

    @Test
    void anObjectOutOfDelivery_cannotBeRecalled_untilItReturns(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             CatalogueJobRun run = CatalogueJobRun.prepare(dir, kafka.bootstrapServers(), Map.of())) {
            kafka.createTopics(2, List.of(CatalogueJobRun.BEHAVIOURS, "profile-updates"), List.of());
            kafka.createTopics(1, List.of(CatalogueJobRun.OBJECTS), List.of(CatalogueJobRun.OBJECTS));
            run.publish(object("a", DeliveryStatus.IN_DELIVERY, 1));
            run.publish(object("d", DeliveryStatus.IN_DELIVERY, 1));
            run.send(CatalogueJobRun.OBJECTS, "junk", "not a marketing object".getBytes(StandardCharsets.UTF_8));
            run.start(CatalogueJobRun.settings(dir, kafka.bootstrapServers(), Map.of()));

            // the catalogue as it stood when the job started resolves the first recall
            run.awaitRecallOf(Set.of("a", "d"), Duration.ofSeconds(5));

            run.publish(object("a", DeliveryStatus.PAUSED, 2));
            run.awaitRecallOf(Set.of("d"), Duration.ofSeconds(30));

            run.publish(object("a", DeliveryStatus.IN_DELIVERY, 3));
            run.awaitRecallOf(Set.of("a", "d"), Duration.ofSeconds(30));
        }
    }
}
