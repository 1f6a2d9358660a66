package io.nearline.recall.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.DroppedBeam;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.job.ControlUpdate;
import io.nearline.recall.job.catalogue.CatalogueBroadcast;
import io.nearline.recall.job.catalogue.CatalogueEnd;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.trace.RequestTrace;
import io.nearline.recall.job.trace.TraceOutputs;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.semantic.Codebook;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.SemanticIdStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced answer ends its trace where it is resolved: the objects recalled, each beam left out with why, the
 * recall marked with the trace; a traced failure ends with its cause and no recall; an untraced answer has no trace.
 */
class ResolveRecallTraceTest {

    @TempDir
    Path dir;
    private long offset;

    @Test
    void tracedAnswers_endTheirTraceWithTheObjectsAndWhatWasLeftOut() throws Exception {
        float[][][] centroids = {{{-1f}, {1f}}, {{-0.5f}, {0.5f}}};
        IdAssignments ids = new IdAssignments(new Codebook(1, "test-vectors", centroids), false, 256);
        ids.assign("a", new float[] {1.6f});
        ids.assign("d", new float[] {-1.6f});
        new SemanticIdStore(dir).save(ids);
        String idA = ids.idOf("a").orElseThrow().render();
        String idD = ids.idOf("d").orElseThrow().render();
        ResolveRecall function = new ResolveRecall(new CatalogueSource(dir.toString(), CatalogueEnd.NONE), Map.of(),
                Duration.ofMinutes(1));
        try (var h = new BroadcastOperatorTestHarness<GeneratedRecall, ControlUpdate, RecallResult>(
                new CoBroadcastWithNonKeyedOperator<>(function,
                        List.of(CatalogueBroadcast.OBJECTS, CatalogueBroadcast.POSITIONS)), 1, 1, 0)) {
            h.open();
            h.processBroadcastElement(object("a", DeliveryStatus.IN_DELIVERY), 0);
            h.processBroadcastElement(object("d", DeliveryStatus.PAUSED), 0);

            h.processElement(new StreamRecord<>(answer("traced", true, idA, idD, "garbage")));
            h.processElement(new StreamRecord<>(answer("untraced", false, idA)));
            GeneratedRecall failed = answer("failed", true);
            failed.failure = "ASYNC_TIMEOUT";
            h.processElement(new StreamRecord<>(failed));

            List<RecallResult> recalls = h.extractOutputValues();
            assertEquals(2, recalls.size(), "the failed answer writes nothing");
            assertEquals("traced/1", recalls.get(0).getTraceId());
            assertNull(recalls.get(1).getTraceId());
            List<RecallTrace> traces = h.getSideOutput(TraceOutputs.TRACES).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of("traced/1", "failed/1"), traces.stream().map(RecallTrace::getRequestId).toList());
            RecallTrace traced = traces.get(0);
            assertEquals(List.of("a"), traced.getObjects().stream().map(RecalledObject::getObjectId).toList());
            assertEquals(3, traced.getBeamCount());
            assertEquals(2, traced.getDroppedCount());
            List<String> reasons = traced.getDropped().stream().map(DroppedBeam::getReason).toList();
            assertTrue(reasons.get(0).startsWith("malformed") && reasons.get(1).startsWith("not in delivery"), reasons.toString());
            assertEquals("", traced.getFailure());
            assertEquals("ASYNC_TIMEOUT", traces.get(1).getFailure());
            assertTrue(traces.get(1).getObjects().isEmpty());
        }
    }

    private ControlUpdate object(String id, DeliveryStatus status) {
        return ControlUpdate.catalogue(new RawInput("marketing-objects", 0, offset++, Codecs.marketingObjects().encode(
                MarketingObject.newBuilder().setObjectId(id).setStatus(status).setUpdateTime(Instant.ofEpochSecond(1))
                        .build())));
    }

    private static GeneratedRecall answer(String user, boolean traced, String... beams) {
        RecallRequest request = new RecallRequest();
        request.requestId = user + "/1";
        request.userId = user;
        request.promptVersion = "p1";
        request.eventTime = 1000;
        if (traced) {
            request.trace = new RequestTrace();
            request.trace.requestId = request.requestId;
            request.trace.userId = user;
            request.trace.tracedBecause = "pinned";
            request.trace.inferenceSentAt = 5;
            request.trace.inferenceAnsweredAt = 9;
        }
        return GeneratedRecall.of(request, "fixed:1",
                Arrays.stream(beams).map(text -> new GeneratedBeam(text, -1f)).toList());
    }
}
