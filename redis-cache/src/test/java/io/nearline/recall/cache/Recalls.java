package io.nearline.recall.cache;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import java.time.Instant;
import java.util.List;

/** Test recall results. */
final class Recalls {
    static final Instant T0 = Instant.parse("2025-11-23T12:00:00.123Z");

    private Recalls() {}

    static RecalledObject object(String id, double score, String semanticId) {
        return new RecalledObject(id, semanticId, score);
    }

    /** A result for {@code user} whose event time and generation time are T0 plus the given offsets. */
    static RecallResult result(String user, long eventOffsetMs, long generatedOffsetMs,
            RecalledObject... objects) {
        return new RecallResult(user, List.of(objects), "model-7", "prompt-3", "rules-2",
                T0.plusMillis(generatedOffsetMs), T0.plusMillis(eventOffsetMs), null, "arm-b");
    }

    static RecallResult result(String user, long eventOffsetMs, long generatedOffsetMs) {
        return result(user, eventOffsetMs, generatedOffsetMs,
                object("obj-" + eventOffsetMs + "-" + generatedOffsetMs, 0.5, "<a_1><b_2>"));
    }
}
