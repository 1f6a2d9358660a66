package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final double PRECISION = 0.001;

    @Test
    void percentilesOfRecordedLatenciesAreWithinThreeSignificantDigits() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int millis = 1; millis <= 100; millis++) {
            histogram.record(millis * 1_000_000L);
        }
        LatencySummary summary = histogram.summary();
        assertEquals(100, summary.count());
        assertEquals(50.0, summary.p50Millis(), 50.0 * PRECISION);
        assertEquals(99.0, summary.p99Millis(), 99.0 * PRECISION);
        assertEquals(100.0, summary.maxMillis(), 100.0 * PRECISION);
    }

    @Test
    void eachSummaryCoversEveryCallSinceTheStartNotJustTheLatest() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(2_000_000_000L);
        histogram.summary();
        histogram.record(1_000_000);
        histogram.record(-5);  // a clock step counts as zero, not as a failure to record
        LatencySummary summary = histogram.summary();
        assertEquals(3, summary.count());
        assertEquals(2000.0, summary.maxMillis(), 2000.0 * PRECISION);
        assertEquals(1.0, summary.p50Millis(), 1.0 * PRECISION);
    }

    @Test
    void anEmptyHistogramSummarisesAsZeros() {
        assertEquals(new LatencySummary(0, 0, 0, 0), new LatencyHistogram().summary());
    }
}
