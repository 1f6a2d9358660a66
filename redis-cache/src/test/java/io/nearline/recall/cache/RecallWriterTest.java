package io.nearline.recall.cache;

import static io.nearline.recall.cache.Recalls.object;
import static io.nearline.recall.cache.Recalls.result;
import static io.nearline.recall.cache.WriteOutcome.FAILED;
import static io.nearline.recall.cache.WriteOutcome.KEPT_NEWER;
import static io.nearline.recall.cache.WriteOutcome.REJECTED;
import static io.nearline.recall.cache.WriteOutcome.WRITTEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

@Tag("integration")
class RecallWriterTest {
    private static LocalRedis redis;
    private static RecallWriter writer;
    private static JedisPooled plain;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.start();
        writer = new RecallWriter(redis.options().ttl(Duration.ofHours(2)).maxPipeline(2).build());
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
    void aWriteRedisRefusesForGood_failsThatWriteOnly_andTheRestOfTheBatchIsStored() {
        // an ACL user that may not touch recall:u2: Redis answers NOPERM for that write alone
        plain.sendCommand(Protocol.Command.ACL, "SETUSER", "limited", "on", ">secret",
                "~recall:u1", "~recall:u3", "+@all");
        try (RecallWriter limited = new RecallWriter(redis.options().user("limited").password("secret").build())) {
            List<WriteOutcome> outcomes = limited.writeAll(List.of(result("u1", 0, 10), result("u2", 0, 10), result("u3", 0, 10)));

            assertEquals(List.of(WRITTEN, FAILED, WRITTEN), outcomes);
            assertEquals(false, plain.exists("recall:u2"));
        } finally {
            plain.sendCommand(Protocol.Command.ACL, "DELUSER", "limited");
        }
    }

    @Test
    void connectionLossAndServerStates_areTransient_butScriptErrorsAreNot() {
        assertTrue(RecallWriter.isTransient(new JedisConnectionException("reset")));
        assertTrue(RecallWriter.isTransient(new JedisDataException(
                "LOADING Redis is loading the dataset in memory")));
        assertTrue(RecallWriter.isTransient(new JedisDataException(
                "OOM command not allowed when used memory > 'maxmemory'.")));
        assertEquals(false, RecallWriter.isTransient(new JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")));
    }

    @Test
    void aFirstWrite_storesTheDocumentedValue_withTheTtl() {
        RecallResult r = result("u1", 0, 10, object("o1", -0.5, "<a_1><b_2>"), object("o2", -0.2, "<a_3>"));

        assertEquals(WRITTEN, writer.write(r));

        String value = plain.get("recall:u1");
        assertEquals(RecallLayout.encode(r), value);
        assertTrue(value.endsWith("\no2\t-0.2\t<a_3>\no1\t-0.5\t<a_1><b_2>"), value);
        long ttl = plain.pttl("recall:u1");
        assertTrue(ttl > Duration.ofHours(2).minusMinutes(1).toMillis() && ttl <= Duration.ofHours(2).toMillis(),
                "ttl " + ttl);
    }

    @Test
    void aResultOfEarlierEventTime_neverOverwrites_evenIfGeneratedLater() {
        writer.write(result("u1", 2_000, 2_000));

        assertEquals(KEPT_NEWER, writer.write(result("u1", 1_000, 9_000)));
        assertEquals(eventMs(2_000), version("recall:u1")[0]);
    }

    @Test
    void aResultOfLaterEventTime_replaces_evenIfGeneratedEarlier() {
        writer.write(result("u1", 1_000, 9_000));

        assertEquals(WRITTEN, writer.write(result("u1", 2_000, 2_000)));
        assertEquals(eventMs(2_000), version("recall:u1")[0]);
    }

    @Test
    void onEqualEventTime_theLaterGeneratedWins() {
        writer.write(result("u1", 1_000, 5_000));

        assertEquals(KEPT_NEWER, writer.write(result("u1", 1_000, 4_000)));
        assertEquals(eventMs(5_000), version("recall:u1")[1]);
        assertEquals(WRITTEN, writer.write(result("u1", 1_000, 6_000)));
        assertEquals(eventMs(6_000), version("recall:u1")[1]);
    }

    @Test
    void replayingTheSameResult_changesNothing_notEvenTheTtl() {
        RecallResult r = result("u1", 1_000, 1_000);
        writer.write(r);
        plain.pexpire("recall:u1", 60_000);

        assertEquals(KEPT_NEWER, writer.write(r));
        assertTrue(plain.pttl("recall:u1") <= 60_000, "TTL was reset by a replay");
        assertEquals(RecallLayout.encode(r), plain.get("recall:u1"));
    }

    @Test
    void aKeyOfAnotherTypeOrFormat_isReplaced() {
        plain.rpush("recall:u1", "not a recall");
        plain.set("recall:u2", "3\t" + "9".repeat(33));

        assertEquals(WRITTEN, writer.write(result("u1", 0, 0)));
        assertEquals(WRITTEN, writer.write(result("u2", 0, 0)));
        assertEquals(RecallLayout.encode(result("u1", 0, 0)), plain.get("recall:u1"));
        assertEquals(RecallLayout.encode(result("u2", 0, 0)), plain.get("recall:u2"));
    }

    @Test
    void aFormatOneHashOfAnOlderJob_isComparedByItsTimes_thenReplacedByANewerRecall() {
        plain.hset("recall:u1", Map.of("format", "1", "objects", "", "model_version", "m", "prompt_version", "p",
                "generated_at", eventMs(2_000), "event_time", eventMs(2_000)));

        assertEquals(KEPT_NEWER, writer.write(result("u1", 1_000, 9_000)));
        assertEquals("hash", plain.type("recall:u1"));
        assertEquals(KEPT_NEWER, writer.write(result("u1", 2_000, 2_000)));
        assertEquals(WRITTEN, writer.write(result("u1", 2_000, 2_001)));
        assertEquals(RecallLayout.encode(result("u1", 2_000, 2_001)), plain.get("recall:u1"));
    }

    @Test
    void writeAll_returnsOneOutcomePerResult_acrossPipelineChunks() {
        List<RecallResult> batch = List.of(
                result("a", 1_000, 1_000), result("b", 1_000, 1_000), result("a", 2_000, 2_000),
                result("b", 500, 3_000), result("c", 0, 0, object("bad\tid", 1, "")), result("a", 2_000, 2_000));

        assertEquals(List.of(WRITTEN, WRITTEN, WRITTEN, KEPT_NEWER, REJECTED, KEPT_NEWER), writer.writeAll(batch));
        assertEquals(eventMs(2_000), version("recall:a")[0]);
        assertEquals(eventMs(1_000), version("recall:b")[0]);
        assertEquals(false, plain.exists("recall:c"));
    }

    @Test
    void afterTheServerForgetsTheScript_writesFallBackToEval() {
        plain.scriptFlush();
        assertEquals(WRITTEN, writer.write(result("u1", 1_000, 1_000)));

        plain.scriptFlush();
        assertEquals(List.of(WRITTEN, KEPT_NEWER, WRITTEN),
                writer.writeAll(List.of(result("u2", 1_000, 1_000), result("u1", 1_000, 1_000),
                        result("u3", 0, 0))));
        assertEquals(eventMs(1_000), version("recall:u2")[0]);
    }

    @Test
    void theKeyPrefix_isTheConfiguredOne() {
        try (RecallWriter prefixed = new RecallWriter(redis.options().keyPrefix("nl:r:").build())) {
            prefixed.write(result("u1", 0, 0));
        }
        assertEquals(List.of("nl:r:u1"), List.copyOf(plain.keys("*")));
    }

    @Test
    void concurrentWritersOfOneUser_leaveTheNewestResult() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        long event = (i * 7L + thread * 13L) % 97;
                        writer.write(result("u1", event, thread));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // The winner by the store's rule, over every (event, generated) pair the threads wrote.
        long maxEvent = 0;
        long maxGenerated = 0;
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 50; i++) {
                long event = (i * 7L + t * 13L) % 97;
                if (event > maxEvent || (event == maxEvent && t > maxGenerated)) {
                    maxEvent = event;
                    maxGenerated = t;
                }
            }
        }
        assertEquals(eventMs(maxEvent), version("recall:u1")[0]);
        assertEquals(eventMs(maxGenerated), version("recall:u1")[1]);
    }

    private static String eventMs(long offset) {
        return Long.toString(Recalls.T0.toEpochMilli() + offset);
    }

    /** The stored recall's event and generated times, as decimal text. */
    private static String[] version(String key) {
        long[] v = RecallLayout.version(plain.get(key));
        return new String[] {Long.toString(v[0]), Long.toString(v[1])};
    }
}
