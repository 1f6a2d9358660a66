package io.nearline.recall.inference;

/**
 * Latency percentiles in milliseconds over {@code count} calls, each within 0.1% of the true value
 * (HdrHistogram's three significant digits); all zero before the first call.
 */
public record LatencySummary(long count, double p50Millis, double p99Millis, double maxMillis) {}
