package io.nearline.recall.cache.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.avro.TraceStage;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@Tag("integration")
class TraceStoreTest {

    private static final TraceStoreOptions OPTIONS = new TraceStoreOptions("trace:", Duration.ofHours(1), 3, 2);

    private static EmbeddedRedisServer server;
    private static JedisPooled plain;
    private static TraceWriter writer;
    private static TraceReader reader;

    @BeforeAll
    static void start() {
        server = EmbeddedRedisServer.start();
        RecallStoreOptions connection = RecallStoreOptions.builder().host(server.host()).port(server.port()).build();
        plain = new JedisPooled(server.host(), server.port());
        writer = new TraceWriter(connection, OPTIONS);
        reader = new TraceReader(connection, OPTIONS);
    }

    @AfterAll
    static void stop() {
        reader.close();
        writer.close();
        plain.close();
        server.close();
    }

    @BeforeEach
    void empty() {
        plain.flushAll();
    }

    static RecallTrace trace(String user, String requestId, long tracedAt) {
        return RecallTrace.newBuilder().setRequestId(requestId).setUserId(user).setTracedBecause("pinned")
                .setTier("gold").setPriority(3).setTriggerReason("click").setArpu(12.5).setPrompt("User: x")
                .setPromptChars(7).setFrozenPrefixChars(3).setBudgetOutcome("ADMITTED")
                .setObjects(List.of(new RecalledObject("ad-1", "<a_1><b_2>", -0.3)))
                .setStages(List.of(new TraceStage("inference", tracedAt + 5, 4L, "")))
                .setEventTime(tracedAt - 10).setTracedAt(tracedAt).build();
    }

    @Test
    void aUsersTracesReadBackNewestFirst_trimmedToTheBound_andExpiring() {
        for (int i = 1; i <= 5; i++) {
            writer.writeAll(List.of(trace("u1", "r" + i, 1000 + i)));
        }

        TraceReader.UserTraces read = reader.traces("u1");

        assertEquals(List.of("r5", "r4", "r3"), read.traces().stream().map(RecallTrace::getRequestId).toList());
        assertEquals(trace("u1", "r5", 1005), read.traces().get(0));
        assertEquals(0, read.undecodable());
        long ttl = plain.pttl("trace:u1");
        assertTrue(ttl > 0 && ttl <= Duration.ofHours(1).toMillis(), "ttl " + ttl);
    }

    @Test
    void theUserIndexKeepsTheMostRecentlyTracedUsers() {
        writer.writeAll(List.of(trace("u1", "a", 1), trace("u2", "b", 2), trace("u3", "c", 3)));

        assertEquals(List.of(new TraceReader.TracedUser("u3", 3), new TraceReader.TracedUser("u2", 2)),
                reader.users(10));
        assertEquals(2, reader.userCount());
    }

    @Test
    void storeOutcomesAreReadByRequest_andAnUndecodableEntryIsSkipped() {
        writer.writeAll(List.of(trace("u1", "r1", 1)));
        plain.lpush("trace:u1", "not a trace");
        writer.recordOutcomes(List.of(new StoreOutcome("u1", "r1", "WRITTEN", 3, 10),
                new StoreOutcome("u1", "r2", "KEPT_NEWER", 1, 11)));

        Map<String, StoreOutcome> outcomes = reader.outcomes("u1");

        assertEquals("WRITTEN", outcomes.get("r1").outcome());
        assertEquals("KEPT_NEWER", outcomes.get("r2").outcome());
        assertEquals(1, reader.traces("u1").undecodable());
        assertEquals(1, reader.traces("u1").traces().size());
    }

    @Test
    void traceKeysStayApartFromTheRecallKeys() {
        writer.writeAll(List.of(trace("u1", "r1", 1)));

        assertEquals(java.util.Set.of("trace:u1", "trace:{users}"), plain.keys("*"));
    }

    @Test
    void badOptionsAreRefusedNamingTheKey() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TraceStoreOptions.fromMap(Map.of("trace.store.max-per-user", "0")));
        assertTrue(e.getMessage().startsWith("trace.store.max-per-user=0"), e.getMessage());
        assertThrowsUnknown();
    }

    private static void assertThrowsUnknown() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TraceStoreOptions.fromMap(Map.of("trace.store.tll", "1 h")));
        assertTrue(e.getMessage().contains("trace.store.tll"), e.getMessage());
    }
}
