package io.nearline.recall.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.job.ControlUpdate;
import io.nearline.recall.job.catalogue.CatalogueBroadcast;
import io.nearline.recall.job.catalogue.CatalogueEnd;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.semantic.Codebook;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.SemanticIdStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated IDs resolve against the catalogue that arrives on the broadcast input: only once it has been
 * read as far as the topic reached at job start, only to objects in delivery, and after a restore from
 * the checkpointed broadcast state.
 */
class ResolveRecallTest {

    @TempDir
    Path dir;
    private String idA;
    private String idD;
    private long nextOffset;

    @BeforeEach
    void saveIds() throws Exception {
        float[][][] centroids = {{{-1f}, {1f}}, {{-0.5f}, {0.5f}}};
        IdAssignments assignments = new IdAssignments(new Codebook(1, "test-vectors", centroids), false, 256);
        assignments.assign("a", new float[] {1.6f});
        assignments.assign("d", new float[] {-1.6f});
        new SemanticIdStore(dir).save(assignments);
        idA = assignments.idOf("a").orElseThrow().render();
        idD = assignments.idOf("d").orElseThrow().render();
    }

    private BroadcastOperatorTestHarness<GeneratedRecall, ControlUpdate, RecallResult> harness(
            CatalogueEnd end, Duration maxWait) throws Exception {
        ResolveRecall function = new ResolveRecall(new CatalogueSource(dir.toString(), end), Map.of(), maxWait);
        return new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(function,
                List.of(CatalogueBroadcast.OBJECTS, CatalogueBroadcast.POSITIONS)), 1, 1, 0);
    }

    private ControlUpdate record(byte[] value) {
        return ControlUpdate.catalogue(new RawInput("marketing-objects", 0, nextOffset++, value));
    }

    private ControlUpdate object(String id, DeliveryStatus status, long second) {
        return record(Codecs.marketingObjects().encode(MarketingObject.newBuilder().setObjectId(id).setStatus(status)
                .setUpdateTime(Instant.ofEpochSecond(second)).build()));
    }

    private static StreamRecord<GeneratedRecall> answer(String user, String... beams) {
        RecallRequest request = new RecallRequest();
        request.requestId = user + "/1";
        request.userId = user;
        request.promptVersion = "p1";
        request.eventTime = 1000;
        return new StreamRecord<>(GeneratedRecall.of(request, "fixed:1",
                java.util.Arrays.stream(beams).map(text -> new GeneratedBeam(text, -1f)).toList()));
    }

    private static List<List<String>> recalled(BroadcastOperatorTestHarness<?, ?, RecallResult> harness) {
        return harness.extractOutputValues().stream()
                .map(result -> result.getObjects().stream().map(RecalledObject::getObjectId).toList()).toList();
    }

    @Test
    void answers_waitUntilTheCatalogueIsReadAsFarAsTheTopicReachedAtJobStart() throws Exception {
        try (var h = harness(new CatalogueEnd(Map.of(0, 2L)), Duration.ofMinutes(1))) {
            h.open();
            h.processElement(answer("u1", idA, idD));
            h.processBroadcastElement(object("a", DeliveryStatus.IN_DELIVERY, 1), 0);
            assertEquals(List.of(), recalled(h), "half the topic read: the answer still waits");

            h.processBroadcastElement(object("d", DeliveryStatus.IN_DELIVERY, 1), 0);
            assertEquals(List.of(List.of("a", "d")), recalled(h));
        }
    }

    @Test
    void anObjectOutOfDelivery_isNotRecalled_andAnAnswerNamingNoneIsNoRecall() throws Exception {
        try (var h = harness(CatalogueEnd.NONE, Duration.ofMinutes(1))) {
            h.open();
            h.processBroadcastElement(object("a", DeliveryStatus.IN_DELIVERY, 1), 0);
            h.processBroadcastElement(object("d", DeliveryStatus.IN_DELIVERY, 1), 0);
            h.processBroadcastElement(record("not a marketing object".getBytes(StandardCharsets.UTF_8)), 0);
            h.processBroadcastElement(object("a", DeliveryStatus.PAUSED, 2), 0);
            h.processBroadcastElement(object("a", DeliveryStatus.IN_DELIVERY, 1), 0); // stale: stays paused
            h.processElement(answer("u1", idA, idD));
            h.processElement(answer("u2", idA));
            assertEquals(List.of(List.of("d")), recalled(h));
        }
    }

    @Test
    void theCatalogue_andTheAnswersWaitingForIt_surviveACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(new CatalogueEnd(Map.of(0, 3L)), Duration.ofMinutes(1))) {
            h.open();
            h.processBroadcastElement(object("a", DeliveryStatus.IN_DELIVERY, 1), 0);
            h.processBroadcastElement(object("d", DeliveryStatus.IN_DELIVERY, 1), 0);
            h.processElement(answer("u1", idA, idD));
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness(new CatalogueEnd(Map.of(0, 3L)), Duration.ofMinutes(1))) {
            restored.initializeState(snapshot);
            restored.open();
            // the third record completes the topic; a and d come from the checkpoint, not from the topic again
            restored.processBroadcastElement(object("x", DeliveryStatus.PAUSED, 1), 0);
            assertEquals(List.of(List.of("a", "d")), recalled(restored));
            restored.processElement(answer("u2", idD));
            assertEquals(List.of(List.of("a", "d"), List.of("d")), recalled(restored));
        }
    }

    @Test
    void afterTheLongestWait_answersResolveAgainstWhatHasArrived() throws Exception {
        try (var h = harness(new CatalogueEnd(Map.of(0, 100L)), Duration.ofMillis(1))) {
            h.open();
            h.processBroadcastElement(object("a", DeliveryStatus.IN_DELIVERY, 1), 0);
            h.processElement(answer("u1", idA, idD));
            Thread.sleep(20);
            h.processElement(answer("u2", idA));
            assertEquals(List.of(List.of("a"), List.of("a")), recalled(h));
            assertTrue(h.getOutput().size() == 2);
        }
    }
}
