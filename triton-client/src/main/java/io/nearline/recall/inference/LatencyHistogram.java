package io.nearline.recall.inference;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Call latencies since the client started, kept by HdrHistogram to three significant digits. Recording
 * is wait-free from any thread; {@link #summary()} folds what was recorded since the last summary into
 * the running total, so readers never see a histogram a writer is changing.
 */
public final class LatencyHistogram {

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram interval;

    /** One call's latency; negative values (a clock step) count as zero. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos));
    }

    /** Count, median, 99th percentile and maximum of every latency recorded so far. */
    public synchronized LatencySummary summary() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return new LatencySummary(total.getTotalCount(), millis(total.getValueAtPercentile(50)),
                millis(total.getValueAtPercentile(99)), millis(total.getMaxValue()));
    }

    private static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
