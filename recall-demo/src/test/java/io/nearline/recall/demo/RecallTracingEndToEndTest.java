package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.TraceStage;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.StoredObject;
import io.nearline.recall.cache.trace.StoreOutcome;
import io.nearline.recall.cache.trace.TraceReader;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.trace.TraceSampling;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.testing.TestEvents;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The whole traced path on real parts (broker, redis-server, MiniCluster, the local inference server): the
 * requests the hash samples and every request of a pinned user are traced, no other; each trace holds the
 * request's prompt, its stages in order, beams that add up to the objects and what was left out, and the
 * recall store's outcome; the trace topic holds the same traces as the store.
 */
class RecallTracingEndToEndTest {

    private static final double RATE = 0.2;
    private static final String TOPIC = "recall-traces";

    @Test
    void sampledAndPinnedRequestsAreTraced_stageByStage_inTheStoreAndOnTheTopic() throws Exception {
        GenerativeJobRun run = new GenerativeJobRun(60_000, 6000);
        String pinned = run.events.get(run.history).getUserId();
        CollectingSink<RecallRequest> tap = new CollectingSink<>();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             EmbeddedRedisServer redis = EmbeddedRedisServer.start();
             TestEvents producer = new TestEvents(kafka.bootstrapServers())) {
            GenerativeJobRun.prepareTopics(kafka);
            kafka.createTopics(1, List.of(TOPIC), List.of());
            try (DemoRecallStack stack = DemoRecallStack.prepare(run.log, run.cut, false, kafka, "marketing-objects")) {
                JobClient job = GenerativeJobRun.startTraced(kafka, stack, redis.host(), redis.port(), Map.of(
                        JobOptions.TRACE_SAMPLE_RATE.key(), Double.toString(RATE),
                        JobOptions.TRACE_PINNED_USERS.key(), pinned,
                        JobOptions.TRACE_TOPIC.key(), TOPIC,
                        TraceStoreOptions.MAX_PER_USER.key(), "1000"), "recall-tracing-e2e", tap);
                try {
                    GenerativeJobRun.send(producer, run.events.subList(run.history, run.history + 2000));
                    GenerativeJobRun.await(() -> GenerativeJobRun.settledWithTraces(50),
                            "every request ended and traced",
                            Duration.ofSeconds(120));
                } finally {
                    job.cancel().get();
                }
            }
            RecallStoreOptions connection = RecallStoreOptions.builder().host(redis.host()).port(redis.port()).build();
            TraceStoreOptions store = TraceStoreOptions.defaults();
            try (TraceReader reader = new TraceReader(connection, store);
                 RecallReader recalls = new RecallReader(connection)) {
                Map<String, RecallTrace> traces = new HashMap<>();
                Map<String, StoreOutcome> outcomes = new HashMap<>();
                for (TraceReader.TracedUser user : reader.users(10_000)) {
                    TraceReader.UserTraces stored = reader.traces(user.userId());
                    assertEquals(0, stored.undecodable());
                    stored.traces().forEach(trace -> traces.put(trace.getRequestId(), trace));
                    outcomes.putAll(reader.outcomes(user.userId()));
                }
                assertEquals(GenerativeJobRun.value(JobMetrics.REQUESTS_TRACED), traces.size(), "one trace per traced request");

                TraceSampling sampling = new TraceSampling(RATE, Set.of(pinned), 8000);
                int pinnedRequests = 0;
                for (RecallRequest request : tap.collected()) {
                    String because = sampling.reason(request.requestId, request.userId);
                    RecallTrace trace = traces.get(request.requestId);
                    assertEquals(because != null, trace != null, "traced exactly when sampled or pinned: " + request.requestId);
                    if (trace != null) {
                        assertEquals(because, trace.getTracedBecause());
                        assertTraceOf(request, trace, outcomes.get(request.requestId));
                    }
                    pinnedRequests += request.userId.equals(pinned) ? 1 : 0;
                }
                assertTrue(pinnedRequests > 0, "the pinned user made requests");
                assertTrue(traces.values().stream().anyMatch(t -> !t.getBehaviours().isEmpty()), "behaviours are traced");
                long sampled = traces.values().stream().filter(t -> t.getTracedBecause().equals(TraceSampling.SAMPLED)).count();
                assertTrue(sampled > 0 && sampled < tap.collected().size(), "a share sampled: " + sampled);
                assertPinnedUsersRecallIsItsNewestWrittenTrace(recalls, pinned, traces, outcomes);

                Set<String> onTopic = producer.readAll(TOPIC, traces.size(), Duration.ofSeconds(30)).stream()
                        .map(record -> Codecs.recallTraces().decode(record.value()).value().getRequestId())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(new TreeSet<>(traces.keySet()), onTopic, "the topic holds the same traces");
            }
        }
    }
    private static void assertTraceOf(RecallRequest request, RecallTrace trace, StoreOutcome outcome) {
        assertEquals(request.userId, trace.getUserId());
        assertEquals(request.prompt, trace.getPrompt(), "the prompt as the model got it");
        assertEquals(request.prompt.length(), trace.getPromptChars());
        assertTrue(trace.getFrozenPrefixChars() > 0 && trace.getFrozenPrefixChars() <= trace.getPromptChars());
        assertEquals(request.tier, trace.getTier());
        assertEquals("ADMITTED", trace.getBudgetOutcome());
        assertTrue(trace.getBehaviours().size() <= 50);
        for (int i = 1; i < trace.getBehaviours().size(); i++) {
            assertTrue(trace.getBehaviours().get(i - 1).getEventTime() <= trace.getBehaviours().get(i).getEventTime(),
                    "behaviours oldest first");
        }
        if (trace.getFailure().isEmpty()) {
            assertEquals(List.of("user-sequence-and-trigger", "gpu-budget", "inference", "resolve-semantic-ids"),
                    trace.getStages().stream().map(TraceStage::getName).toList());
            assertFalse(trace.getObjects().isEmpty());
            assertEquals(trace.getBeamCount(), trace.getObjects().size() + trace.getDroppedCount(),
                    "every beam is an object or left out");
            assertEquals(Math.min(50, trace.getBeamCount()), trace.getBeams().size());
            assertEquals(Math.min(50, trace.getDroppedCount()), trace.getDropped().size());
            trace.getDropped().forEach(dropped -> assertFalse(dropped.getReason().isEmpty()));
            assertNotNull(outcome, "the store's outcome of " + trace.getRequestId());
        }
    }

    private static void assertPinnedUsersRecallIsItsNewestWrittenTrace(RecallReader recalls, String pinned,
            Map<String, RecallTrace> traces, Map<String, StoreOutcome> outcomes) {
        RecallLookup stored = recalls.read(pinned);
        assertTrue(stored.isFound(), stored.detail());
        List<String> storedObjects = stored.objects().stream().map(StoredObject::objectId).toList();
        RecallTrace newest = traces.values().stream()
                .filter(t -> t.getUserId().equals(pinned) && outcomes.containsKey(t.getRequestId())
                        && outcomes.get(t.getRequestId()).outcome().equals("WRITTEN"))
                .max((a, b) -> Long.compare(a.getEventTime(), b.getEventTime())).orElseThrow();
        assertEquals(storedObjects, newest.getObjects().stream().map(o -> o.getObjectId()).toList());
    }
}
