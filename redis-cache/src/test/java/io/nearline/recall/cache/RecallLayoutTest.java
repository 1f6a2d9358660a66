package io.nearline.recall.cache;

import static io.nearline.recall.cache.Recalls.T0;
import static io.nearline.recall.cache.Recalls.object;
import static io.nearline.recall.cache.Recalls.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecallLayoutTest {

    @Test
    void encode_writesTheDocumentedFields_withObjectsBestFirstAsTabSeparatedLines() {
        RecallResult r = result("u1", 1_000, 2_000,
                object("o2", 0.25, "<a_2>"), object("o1", 0.75, "<a_1><b_3>"), object("o3", 0.25, ""));

        Map<String, String> fields = RecallLayout.encode(r);

        assertEquals(RecallKeys.FIELDS, List.copyOf(fields.keySet()));
        assertEquals("1", fields.get("format"));
        assertEquals("o1\t0.75\t<a_1><b_3>\no2\t0.25\t<a_2>\no3\t0.25\t", fields.get("objects"));
        assertEquals("model-7", fields.get("model_version"));
        assertEquals("prompt-3", fields.get("prompt_version"));
        assertEquals("rules-2", fields.get("rules_version"));
        assertEquals(Long.toString(T0.toEpochMilli() + 2_000), fields.get("generated_at"));
        assertEquals(Long.toString(T0.toEpochMilli() + 1_000), fields.get("event_time"));
    }

    @Test
    void decode_readsBackEverythingEncodeWrote() {
        RecallResult r = result("u1", 1_000, 2_000,
                object("o2", 0.25, "<a_2>"), object("o1", 0.75, "<a_1><b_3>"), object("o3", 0.25, ""));

        RecallLayout.Decoded d = RecallLayout.decode("u1", RecallLayout.encode(r));

        assertTrue(d.ok(), d.problem());
        StoredRecall s = d.recall();
        assertEquals(List.of(new StoredObject("o1", 0.75, "<a_1><b_3>"), new StoredObject("o2", 0.25, "<a_2>"),
                new StoredObject("o3", 0.25, "")), s.objects());
        assertEquals(new StoredRecall("u1", s.objects(), "model-7", "prompt-3", "rules-2",
                T0.plusMillis(2_000), T0.plusMillis(1_000), 1, "arm-b"), s);
    }

    @Test
    void a_hash_written_before_arms_reads_as_the_implicit_arm() {
        java.util.Map<String, String> fields = new java.util.HashMap<>(RecallLayout.encode(result("u1", 1_000, 2_000)));
        assertEquals("arm-b", fields.remove(RecallKeys.ARM_FIELD));

        RecallLayout.Decoded d = RecallLayout.decode("u1", fields);

        assertTrue(d.ok(), d.problem());
        assertEquals(RecallKeys.DEFAULT_ARM, d.recall().arm());
    }

    @Test
    void a_result_without_an_arm_is_not_stored() {
        RecallResult r = result("u1", 1_000, 2_000);
        r.setArm("");
        assertTrue(RecallLayout.problem(r).orElseThrow().contains("arm"));
    }

    @Test
    void scores_surviveTheTextFormExactly() {
        double[] scores = {-0.1, 12_345.678_901_234_567, 1e-300, Double.MIN_VALUE, -3.5e12, 0.0};
        List<StoredObject> in = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            in.add(new StoredObject("o" + i, scores[i], "<a_" + i + ">"));
        }
        List<StoredObject> out = new ArrayList<>();

        assertEquals(null, RecallLayout.decodeObjects(RecallLayout.encodeObjects(in), out));

        for (StoredObject o : in) {
            assertTrue(out.contains(o), () -> o + " lost in " + out);
        }
    }

    @Test
    void aRecallOfNoObjects_isStoredAsEmptyText_andReadsBackEmpty() {
        Map<String, String> fields = RecallLayout.encode(result("u1", 0, 0, new RecalledObject[0]));

        assertEquals("", fields.get("objects"));
        assertEquals(List.of(), RecallLayout.decode("u1", fields).recall().objects());
    }

    @Test
    void idsContainingASeparator_orScoresThatAreNotFinite_areRejectedWithTheObjectNamed() {
        assertEquals("objects[1]: objectId contains TAB, LF or CR: o\tx",
                RecallLayout.problem(result("u1", 0, 0, object("ok", 1, ""), object("o\tx", 1, ""))).orElseThrow());
        assertTrue(RecallLayout.problem(result("u1", 0, 0, object("o1", 1, "<a_1>\n"))).orElseThrow()
                .contains("semanticId"));
        assertTrue(RecallLayout.problem(result("u1", 0, 0, object("o1", Double.NaN, ""))).orElseThrow()
                .contains("not finite (object o1)"));
        assertTrue(RecallLayout.problem(result("", 0, 0)).orElseThrow().contains("empty userId"));
        // The generated setters refuse a null Instant, but a default-constructed record holds one.
        RecallResult noTime = new RecallResult();
        noTime.setUserId("u1");
        noTime.setObjects(List.of());
        noTime.setModelVersion("m");
        noTime.setPromptVersion("p");
        noTime.setRulesVersion("r");
        assertTrue(RecallLayout.problem(noTime).orElseThrow().contains("generatedAt"));
        assertFalse(RecallLayout.problem(result("u1", 0, 0)).isPresent());
    }

    @Test
    void encode_ofAnUnstorableResult_throwsWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecallLayout.encode(result("u1", 0, 0, object("a\rb", 1, ""))));
        assertTrue(e.getMessage().contains("objects[0]"), e.getMessage());
    }

    @Test
    void decode_reportsAnUnknownFormat_missingFields_andCorruptContent() {
        Map<String, String> good = RecallLayout.encode(result("u1", 0, 0));

        assertEquals("unknown format 2", RecallLayout.decode("u1", with(good, "format", "2")).problem());
        assertEquals("unknown format null", RecallLayout.decode("u1", with(good, "format", null)).problem());
        assertEquals("field model_version missing",
                RecallLayout.decode("u1", with(good, "model_version", null)).problem());
        assertEquals("generated_at or event_time is not epoch milliseconds",
                RecallLayout.decode("u1", with(good, "event_time", "2025-11-23")).problem());
        assertEquals("objects entry 1: expected objectId<TAB>score<TAB>semanticId",
                RecallLayout.decode("u1", with(good, "objects", "o1\t1.0\t<a>\no2\t2.0")).problem());
        assertEquals("objects entry 0: score 'high' is not a number",
                RecallLayout.decode("u1", with(good, "objects", "o1\thigh\t<a>")).problem());
    }

    @Test
    void decode_withoutRulesVersion_readsItAsEmpty() {
        Map<String, String> fields = with(RecallLayout.encode(result("u1", 0, 0)), "rules_version", null);

        assertEquals("", RecallLayout.decode("u1", fields).recall().rulesVersion());
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
