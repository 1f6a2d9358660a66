package io.nearline.recall.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.avro.RecallTrace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregates count traced requests per tier and time, latency by stage, failures, and live hits. */
class AggregatesTest {

    @Test
    void callsFailuresLatencyAndHitsAddUp() {
        // u1: a recall of [a, b] at t=10 s, then a later request whose prompt shows a click on b after it
        RecallTrace first = SampleTraces.recall("u1", "r1", 10_000, "gold", List.of("a", "b"), List.of());
        RecallTrace second = SampleTraces.recall("u1", "r2", 40_000, "gold", List.of("c"), List.of("b"));
        RecallTrace shed = SampleTraces.shed("u2", "r3", 20_000);

        Aggregates a = Aggregates.of(List.of(List.of(second, first), List.of(shed)));

        assertEquals(3, a.traces());
        assertEquals(2, a.recalls());
        assertEquals(Map.of("BUDGET_SHED_QUEUE_FULL", 1L), a.failures());
        assertEquals(a.traces(), java.util.Arrays.stream(a.totalCalls()).sum(), "every call in one bucket");
        assertEquals(2, java.util.Arrays.stream(a.callsPerTier().get("gold")).sum());
        assertArrayEquals(new long[] {2, 2, 50}, a.stageMillis().get("gpu-budget"));
        assertEquals(1, a.scored(), "only r1 has a later click");
        assertEquals(1, a.hitsAt5(), "b was recalled at rank 2");
        assertEquals(50, Aggregates.percentile(a.stageMillis().get("gpu-budget"), 99));
        assertEquals(2, Aggregates.percentile(a.stageMillis().get("gpu-budget"), 50));
    }

    @Test
    void noTracesGiveEmptyFigures() {
        Aggregates a = Aggregates.of(List.of());
        assertEquals(0, a.traces());
        assertEquals(0, a.scored());
        assertEquals(0, Aggregates.percentile(new long[0], 50));
    }
}
