package io.nearline.recall.inference;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Call latencies counted in fixed millisecond buckets (no allocation per call, safe from any
 * thread); a snapshot's counts are per bucket, the last one holding everything above the last bound.
 */
public final class LatencyHistogram {

    /** Upper bounds (inclusive) in milliseconds; the last bucket has no upper bound. */
    public static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    private final LongAdder[] counts = new LongAdder[BOUNDS_MS.length + 1];

    public LatencyHistogram() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        long millis = Math.max(0, (nanos + 999_999) / 1_000_000);
        int bucket = Arrays.binarySearch(BOUNDS_MS, millis);
        counts[bucket >= 0 ? bucket : -bucket - 1].increment();
    }

    /** Counts per bucket, {@code BOUNDS_MS.length + 1} of them. */
    public long[] counts() {
        long[] snapshot = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            snapshot[i] = counts[i].sum();
        }
        return snapshot;
    }
}
