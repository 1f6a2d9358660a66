package io.nearline.recall.cache;

import static io.nearline.recall.cache.Recalls.T0;
import static io.nearline.recall.cache.Recalls.object;
import static io.nearline.recall.cache.Recalls.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.cache.RecallLookup.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@Tag("integration")
class RecallReaderTest {
    private static final Duration MAX_AGE = Duration.ofHours(1);

    private static LocalRedis redis;
    private static RecallWriter writer;
    private static JedisPooled plain;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.start();
        writer = new RecallWriter(redis.options().build());
        plain = redis.client();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        writer.close();
        redis.close();
    }

    @BeforeEach
    void emptyStore() {
        plain.flushAll();
    }

    @Test
    void aWrittenRecall_readsBackFound_bestFirst_withItsVersionsAndTimes() {
        writer.write(result("u1", 1_000, 2_000,
                object("o1", -2.5, "<a_1>"), object("o2", -0.5, "<a_2><b_9>"), object("o3", -1.0, "")));

        RecallLookup lookup = readAt(T0.plusSeconds(60).toEpochMilli(), "u1");

        assertEquals(Status.FOUND, lookup.status());
        assertEquals(List.of(new StoredObject("o2", -0.5, "<a_2><b_9>"), new StoredObject("o3", -1.0, ""),
                new StoredObject("o1", -2.5, "<a_1>")), lookup.objects());
        StoredRecall r = lookup.recall();
        assertEquals(List.of("u1", "model-7", "prompt-3", "rules-2"),
                List.of(r.userId(), r.modelVersion(), r.promptVersion(), r.rulesVersion()));
        assertEquals(T0.plusMillis(2_000), r.generatedAt());
        assertEquals(T0.plusMillis(1_000), r.eventTime());
        assertEquals("arm-b", r.arm(), "the reader returns the arm with the recall");
    }

    @Test
    void aFormatOneHashOfAnOlderJob_readsFound_andOneWithoutArmsReadsAsTheImplicitArm() {
        plain.hset("recall:u1", Map.of("format", "1", "objects", "ad-7\t0.9\t<a_1>", "model_version", "m",
                "prompt_version", "p", "generated_at", Long.toString(T0.toEpochMilli()),
                "event_time", Long.toString(T0.toEpochMilli())));

        RecallLookup lookup = readAt(T0.plusSeconds(60).toEpochMilli(), "u1");

        assertEquals(Status.FOUND, lookup.status(), lookup.detail());
        assertEquals(1, lookup.recall().format());
        assertEquals(List.of(new StoredObject("ad-7", 0.9, "<a_1>")), lookup.objects());
        assertEquals(RecallKeys.DEFAULT_ARM, lookup.recall().arm());
    }

    @Test
    void aUserNeverWritten_orWhoseRecallExpired_isMissing() {
        assertEquals(Status.MISSING, readAt(T0.toEpochMilli(), "nobody").status());
        assertEquals(Status.MISSING, readAt(T0.toEpochMilli(), "").status());

        writer.write(result("u1", 0, 0));
        plain.pexpire("recall:u1", 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (plain.exists("recall:u1") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        RecallLookup lookup = readAt(T0.toEpochMilli(), "u1");
        assertEquals(Status.MISSING, lookup.status());
        assertEquals(List.of(), lookup.objects());
    }

    @Test
    void aRecallGeneratedLongerAgoThanMaxAge_isStale_butExactlyMaxAgeIsFound() {
        writer.write(result("u1", 0, 0));

        RecallLookup old = readAt(T0.plus(MAX_AGE).plusMillis(1).toEpochMilli(), "u1");
        assertEquals(Status.STALE, old.status());
        assertTrue(old.detail().contains("max age PT1H"), old.detail());
        assertNotNull(old.recall(), "a stale recall is still returned for logging");
        assertEquals(List.of(), old.objects());

        assertEquals(Status.FOUND, readAt(T0.plus(MAX_AGE).toEpochMilli(), "u1").status());
    }

    @Test
    void anUnknownFormat_corruptObjects_orAKeyOfAnotherType_isStale() {
        writer.write(result("u2", 0, 0));
        plain.set("recall:u1", "3\t" + "0".repeat(33));
        plain.append("recall:u2", "\no1;0.5");
        plain.rpush("recall:u3", "junk");
        plain.hset("recall:u4", "format", "7");

        RecallLookup unknown = readAt(T0.toEpochMilli(), "u1");
        assertEquals(Status.STALE, unknown.status());
        assertEquals("unknown format 3", unknown.detail());
        assertNull(unknown.recall());
        assertEquals(Status.STALE, readAt(T0.toEpochMilli(), "u2").status());
        assertEquals("key holds a value that is neither a recall nor a format-1 hash",
                readAt(T0.toEpochMilli(), "u3").detail());
        assertEquals("unknown format 7", readAt(T0.toEpochMilli(), "u4").detail());
    }

    @Test
    void aValueWrittenWithPlainCommandsAsTheReadmeDescribes_readsFound() {
        // What another writer following the README would send; proves the document and the code agree.
        plain.set("recall:u9", String.format("2\t%016d\t%016d\nm\tp\tr\tcontrol\nad-7\t0.9\t<a_1><b_2>\nad-3\t0.4\t",
                T0.toEpochMilli(), T0.toEpochMilli()));

        RecallLookup lookup = readAt(T0.toEpochMilli(), "u9");

        assertEquals(Status.FOUND, lookup.status(), lookup.detail());
        assertEquals(List.of(new StoredObject("ad-7", 0.9, "<a_1><b_2>"), new StoredObject("ad-3", 0.4, "")),
                lookup.objects());
    }

    @Test
    void theStoredObjects_parseWithPlainSplitting_asAnotherLanguageWould() {
        writer.write(result("u1", 0, 0, object("o1", 0.25, "<a_1>"), object("o2", 0.5, "")));

        String[] lines = plain.get("recall:u1").split("\n", -1);

        assertEquals(4, lines.length);
        assertEquals(List.of("2", String.format("%016d", T0.toEpochMilli()), String.format("%016d", T0.toEpochMilli())),
                List.of(lines[0].split("\t", -1)));
        assertEquals(List.of("model-7", "prompt-3", "rules-2", "arm-b"), List.of(lines[1].split("\t", -1)));
        assertEquals(List.of("o2", "0.5", ""), List.of(lines[2].split("\t", -1)));
        assertEquals(List.of("o1", "0.25", "<a_1>"), List.of(lines[3].split("\t", -1)));
    }

    @Test
    void aUserWithoutARecallIsServedTheFallbackOfTheirSegment_andTheKindSaysSo() {
        writer.write(result(FallbackRecalls.idOf("gold"), 0, 0, object("o7", 3, ""), object("o8", 2, "")));
        writer.write(result("u1", 0, 0, object("o1", 1, "")));
        try (RecallReader reader = new RecallReader(redis.options().maxAge(MAX_AGE).build(),
                Clock.fixed(T0, ZoneOffset.UTC))) {
            ServedRecall own = reader.readForServing("u1", "gold");
            assertEquals(ServedRecall.Kind.PERSONAL, own.kind());
            assertEquals("o1", own.objects().get(0).objectId());
            ServedRecall fallback = reader.readForServing("u2", "gold");
            assertEquals(ServedRecall.Kind.FALLBACK, fallback.kind());
            assertEquals(List.of("o7", "o8"), fallback.objects().stream().map(StoredObject::objectId).toList());
            ServedRecall none = reader.readForServing("u2", "bronze");
            assertEquals(ServedRecall.Kind.NONE, none.kind());
            assertEquals(Status.MISSING, none.lookup().status());
            assertTrue(none.objects().isEmpty());
        }
        assertTrue(plain.exists("recall:{fallback}:gold"), "stored beside the users' recalls");
    }

    @Test
    void aFallbackSegmentNameThatCouldCollideOrSplitAKeyIsRefused() {
        for (String bad : new String[] {"", " ", "a b", "{x}", "x}"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FallbackRecalls.idOf(bad), bad);
        }
    }

    private static RecallLookup readAt(long epochMillis, String userId) {
        Clock clock = Clock.fixed(java.time.Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
        try (RecallReader reader = new RecallReader(redis.options().maxAge(MAX_AGE).build(), clock)) {
            return reader.read(userId);
        }
    }
}
