package io.nearline.recall.job.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobOptions;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Sampling is decided by the request ID alone, at the configured share; pinned users are always traced. */
class TraceSamplingTest {

    @Test
    void theShareSampledIsTheRate_withinThreeStandardErrors() {
        TraceSampling sampling = new TraceSampling(0.01, Set.of(), 100);
        int n = 200_000;
        int sampled = 0;
        for (int i = 0; i < n; i++) {
            if (sampling.reason("u" + (i % 997) + "/e" + i + "/" + (i % 13), "u") != null) {
                sampled++;
            }
        }
        double share = sampled / (double) n;
        double se = Math.sqrt(0.01 * 0.99 / n);
        assertTrue(Math.abs(share - 0.01) < 3 * se, "share " + share);
    }

    @Test
    void theDecisionDependsOnTheRequestOnly_soAReplayIsTracedAlike() {
        TraceSampling one = new TraceSampling(0.3, Set.of(), 100);
        TraceSampling other = new TraceSampling(0.3, Set.of(), 100);
        for (int i = 0; i < 1000; i++) {
            assertEquals(one.reason("r" + i, "u"), other.reason("r" + i, "u"));
        }
    }

    @Test
    void aPinnedUserIsAlwaysTraced_evenAtRateZero() {
        TraceSampling sampling = new TraceSampling(0, Set.of("vip"), 100);
        assertEquals(TraceSampling.PINNED, sampling.reason("any", "vip"));
        assertNull(sampling.reason("any", "other"));
        assertEquals(TraceSampling.SAMPLED, new TraceSampling(1, Set.of(), 100).reason("any", "other"));
    }

    @Test
    void theOptionsAreRead_andABadRateIsRefusedNamingTheKey() {
        TraceSampling sampling = TraceSampling.from(Configuration.fromMap(Map.of(
                JobOptions.TRACE_SAMPLE_RATE.key(), "0", JobOptions.TRACE_PINNED_USERS.key(), " a, b ,")));
        assertEquals(TraceSampling.PINNED, sampling.reason("r", "b"));
        assertTrue(TraceSampling.OFF.isOff());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceSampling.from(
                Configuration.fromMap(Map.of(JobOptions.TRACE_SAMPLE_RATE.key(), "1.5"))));
        assertTrue(e.getMessage().startsWith("trace.sample-rate=1.5"), e.getMessage());
    }
}
