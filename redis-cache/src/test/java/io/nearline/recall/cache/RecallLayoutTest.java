package io.nearline.recall.cache;

import static io.nearline.recall.cache.Recalls.T0;
import static io.nearline.recall.cache.Recalls.object;
import static io.nearline.recall.cache.Recalls.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void encode_writesTheDocumentedValue_headerVersionsThenObjectsBestFirst() {
        RecallResult r = result("u1", 1_000, 2_000,
                object("o2", 0.25, "<a_2>"), object("o1", 0.75, "<a_1><b_3>"), object("o3", 0.25, ""));

        String value = RecallLayout.encode(r);

        assertEquals(String.format("2\t%016d\t%016d\nmodel-7\tprompt-3\trules-2\tarm-b\n"
                + "o1\t0.75\t<a_1><b_3>\no2\t0.25\t<a_2>\no3\t0.25\t", T0.toEpochMilli() + 1_000,
                T0.toEpochMilli() + 2_000), value);
        assertEquals(RecallKeys.HEADER_LENGTH, value.indexOf('\n'));
    }

    @Test
    void headers_compareAsText_exactlyAsTheNewerWinsRuleComparesTimes() {
        long[][] times = {{0, 0}, {0, 9}, {9, 0}, {10, 0}, {99, 5}, {100, 4}, {1_763_899_199_000L, 1},
            {1_763_899_199_000L, 1_763_899_200_123L}, {RecallLayout.MAX_TIME, RecallLayout.MAX_TIME}};
        for (long[] a : times) {
            for (long[] b : times) {
                int byTime = a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
                int byText = RecallLayout.header(a[0], a[1]).compareTo(RecallLayout.header(b[0], b[1]));
                assertEquals(Integer.signum(byTime), Integer.signum(byText), a[0] + "/" + a[1] + " vs " + b[0] + "/" + b[1]);
            }
        }
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
                T0.plusMillis(2_000), T0.plusMillis(1_000), 2, "arm-b"), s);
        assertArrayEquals(new long[] {T0.toEpochMilli() + 1_000, T0.toEpochMilli() + 2_000},
                RecallLayout.version(RecallLayout.encode(r)));
    }

    @Test
    void versionsAndTimesThatTheValueCannotHold_areRejected() {
        RecallResult tab = result("u1", 0, 0);
        tab.setModelVersion("m\t7");
        assertTrue(RecallLayout.problem(tab).orElseThrow().contains("modelVersion"));
        RecallResult before1970 = result("u1", 0, 0);
        before1970.setEventTime(java.time.Instant.ofEpochMilli(-1));
        assertTrue(RecallLayout.problem(before1970).orElseThrow().contains("before 1970"));
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
    void aRecallOfNoObjects_endsAfterItsVersions_andReadsBackEmpty() {
        String value = RecallLayout.encode(result("u1", 0, 0, new RecalledObject[0]));

        assertTrue(value.endsWith("\tarm-b"), value);
        assertEquals(List.of(), RecallLayout.decode("u1", value).recall().objects());
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
    void decode_reportsAnUnknownFormat_aBrokenHeaderOrVersionLine_andCorruptObjects() {
        String good = RecallLayout.encode(result("u1", 0, 0));
        String header = good.substring(0, RecallKeys.HEADER_LENGTH);
        String versions = "model-7\tprompt-3\trules-2\tarm-b";

        assertEquals("unknown format 3", RecallLayout.decode("u1", "3" + good.substring(1)).problem());
        assertEquals("unknown format junk", RecallLayout.decode("u1", "junk").problem());
        assertTrue(RecallLayout.decode("u1", "2\t17638\t1\n" + versions).problem().startsWith("version header"));
        assertTrue(RecallLayout.decode("u1", header + "\nmodel-7\tprompt-3").problem().startsWith("second line"));
        assertEquals("objects entry 1: expected objectId<TAB>score<TAB>semanticId",
                RecallLayout.decode("u1", header + "\n" + versions + "\no1\t1.0\t<a>\no2\t2.0").problem());
        assertEquals("objects entry 0: score 'high' is not a number",
                RecallLayout.decode("u1", header + "\n" + versions + "\no1\thigh\t<a>").problem());
        assertNull(RecallLayout.version("2\tx"));
    }
}
