package io.nearline.recall.cache;

import io.nearline.recall.cache.RecallLayout.Decoded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the format-1 layout, one HASH per user with the fields of {@link RecallKeys}, which jobs before format 2
 * wrote: after an upgrade those recalls stay served until the new job replaces them or their TTL ends them.
 * Nothing writes this layout any more.
 */
final class LegacyRecallHash {

    private LegacyRecallHash() {}

    /** Decodes the fields of one user's hash (as HGETALL returns them); an empty map is not a recall. */
    static Decoded decode(String userId, Map<String, String> fields) {
        String format = fields.get(RecallKeys.FORMAT_FIELD);
        if (!Integer.toString(RecallKeys.HASH_FORMAT).equals(format)) {
            return RecallLayout.failed("unknown format " + format);
        }
        for (String f : RecallKeys.FIELDS) {
            // rules_version and arm are optional so that a hand-written or older-job hash still reads.
            if (!f.equals(RecallKeys.RULES_VERSION_FIELD) && !f.equals(RecallKeys.ARM_FIELD) && fields.get(f) == null) {
                return RecallLayout.failed("field " + f + " missing");
            }
        }
        Long generatedAt = RecallLayout.epochMillis(fields.get(RecallKeys.GENERATED_AT_FIELD));
        Long eventTime = RecallLayout.epochMillis(fields.get(RecallKeys.EVENT_TIME_FIELD));
        if (generatedAt == null || eventTime == null) {
            return RecallLayout.failed("generated_at or event_time is not epoch milliseconds");
        }
        List<StoredObject> objects = new ArrayList<>();
        String problem = RecallLayout.decodeObjects(fields.get(RecallKeys.OBJECTS_FIELD), objects);
        if (problem != null) {
            return RecallLayout.failed(problem);
        }
        return new Decoded(new StoredRecall(userId, objects, fields.get(RecallKeys.MODEL_VERSION_FIELD),
                fields.get(RecallKeys.PROMPT_VERSION_FIELD),
                fields.getOrDefault(RecallKeys.RULES_VERSION_FIELD, ""), Instant.ofEpochMilli(generatedAt),
                Instant.ofEpochMilli(eventTime), RecallKeys.HASH_FORMAT,
                fields.getOrDefault(RecallKeys.ARM_FIELD, RecallKeys.DEFAULT_ARM)), null);
    }
}
