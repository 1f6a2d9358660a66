package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void latenciesFallInTheFirstBucketWhoseBoundTheyDoNotExceed() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(500_000);        // 0.5 ms -> <= 1
        histogram.record(1_000_000);      // 1 ms -> <= 1
        histogram.record(1_000_001);      // just over 1 ms -> <= 2
        histogram.record(7_000_000);      // <= 10
        histogram.record(5_000_000_000L); // <= 5000
        histogram.record(9_000_000_000L); // above every bound
        assertArrayEquals(new long[] {2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1}, histogram.counts());
    }
}
