package io.nearline.recall.cache;

import static io.nearline.recall.cache.Recalls.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyRecallHashTest {

    /** A hash as a format-1 job wrote it. */
    private static Map<String, String> written() {
        return Map.of("format", "1", "objects", "o1\t0.75\t<a_1><b_3>\no2\t0.25\t<a_2>", "model_version", "model-7",
                "prompt_version", "prompt-3", "rules_version", "rules-2",
                "generated_at", Long.toString(T0.toEpochMilli() + 2_000),
                "event_time", Long.toString(T0.toEpochMilli() + 1_000), "arm", "arm-b");
    }

    @Test
    void aFormatOneHash_readsBackWithItsFormatNamed() {
        RecallLayout.Decoded d = LegacyRecallHash.decode("u1", written());

        assertTrue(d.ok(), d.problem());
        assertEquals(new StoredRecall("u1", List.of(new StoredObject("o1", 0.75, "<a_1><b_3>"),
                new StoredObject("o2", 0.25, "<a_2>")), "model-7", "prompt-3", "rules-2", T0.plusMillis(2_000),
                T0.plusMillis(1_000), 1, "arm-b"), d.recall());
    }

    @Test
    void aHashWithoutArmOrRulesVersion_readsThemAsTheImplicitArmAndEmpty() {
        RecallLayout.Decoded d = LegacyRecallHash.decode("u1", with(with(written(), "arm", null), "rules_version", null));

        assertTrue(d.ok(), d.problem());
        assertEquals(RecallKeys.DEFAULT_ARM, d.recall().arm());
        assertEquals("", d.recall().rulesVersion());
    }

    @Test
    void decode_reportsAnUnknownFormat_missingFields_andCorruptContent() {
        Map<String, String> good = written();

        assertEquals("unknown format 2", LegacyRecallHash.decode("u1", with(good, "format", "2")).problem());
        assertEquals("unknown format null", LegacyRecallHash.decode("u1", with(good, "format", null)).problem());
        assertEquals("field model_version missing",
                LegacyRecallHash.decode("u1", with(good, "model_version", null)).problem());
        assertEquals("generated_at or event_time is not epoch milliseconds",
                LegacyRecallHash.decode("u1", with(good, "event_time", "2025-11-23")).problem());
        assertEquals("objects entry 1: expected objectId<TAB>score<TAB>semanticId",
                LegacyRecallHash.decode("u1", with(good, "objects", "o1\t1.0\t<a>\no2\t2.0")).problem());
    }

    private static Map<String, String> with(Map<String, String> fields, String field, String value) {
        Map<String, String> copy = new HashMap<>(fields);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }
}
