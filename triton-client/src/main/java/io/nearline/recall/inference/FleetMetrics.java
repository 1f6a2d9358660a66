package io.nearline.recall.inference;

import io.grpc.Status;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The fleet client's live counters; {@link #snapshot} freezes them for gauges. */
final class FleetMetrics {

    private final LongAdder calls = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder[] failuresByCode = new LongAdder[Status.Code.values().length];
    private final LongAdder retries = new LongAdder();
    private final LongAdder retriesDenied = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    FleetMetrics() {
        for (int i = 0; i < failuresByCode.length; i++) {
            failuresByCode[i] = new LongAdder();
        }
    }

    void started() {
        calls.increment();
        inFlight.incrementAndGet();
    }

    void finished(long startNanos, Throwable failure) {
        inFlight.decrementAndGet();
        latency.record(System.nanoTime() - startNanos);
        if (failure == null) {
            succeeded.increment();
        } else {
            Status.Code code = failure instanceof InferenceException e ? e.code() : Status.Code.UNKNOWN;
            failuresByCode[code.ordinal()].increment();
        }
    }

    void retried() {
        retries.increment();
    }

    void retryDenied() {
        retriesDenied.increment();
    }

    int inFlight() {
        return inFlight.get();
    }

    FleetSnapshot snapshot(List<ServerSnapshot> servers, long counterFallbacks) {
        Map<Status.Code, Long> failures = new EnumMap<>(Status.Code.class);
        long failed = 0;
        for (Status.Code code : Status.Code.values()) {
            long count = failuresByCode[code.ordinal()].sum();
            if (count > 0) {
                failures.put(code, count);
                failed += count;
            }
        }
        return new FleetSnapshot(calls.sum(), succeeded.sum(), failed, inFlight.get(), failures,
                retries.sum(), retriesDenied.sum(), counterFallbacks, latency.summary(), servers);
    }
}
