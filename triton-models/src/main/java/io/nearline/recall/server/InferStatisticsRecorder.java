package io.nearline.recall.server;

import io.nearline.recall.inference.kserve.InferStatistics;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.inference.kserve.StatisticDuration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cumulative counts and durations that Triton's ModelStatistics reports, kept for the served model: requests
 * that succeeded and failed (arrival to status sent), the wait for a search thread ({@code queue}) and the search
 * itself ({@code compute_infer}). A client's latency less the server's says how much of it was spent outside the
 * server (the network, the client's threads, a starved core), which is what tells queueing in the server from
 * everything else when a fast model answers slowly. Safe from any thread.
 */
final class InferStatisticsRecorder {

    private final Duration success = new Duration();
    private final Duration fail = new Duration();
    private final Duration queue = new Duration();
    private final Duration computeInfer = new Duration();
    private final AtomicLong lastInferenceMillis = new AtomicLong();

    /** A cumulative count and total of nanoseconds. */
    private static final class Duration {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void add(long ns) {
            count.increment();
            nanos.add(Math.max(0, ns));
        }

        StatisticDuration proto() {
            return StatisticDuration.newBuilder().setCount(count.sum()).setNs(nanos.sum()).build();
        }
    }

    void queued(long nanos) {
        queue.add(nanos);
    }

    void computed(long nanos) {
        computeInfer.add(nanos);
    }

    void succeeded(long nanos) {
        success.add(nanos);
        lastInferenceMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    void failed(long nanos) {
        fail.add(nanos);
    }

    /** The statistics as Triton's message; {@code inference_count} and {@code execution_count} count successes. */
    ModelStatistics snapshot(String name, String version) {
        StatisticDuration succeeded = success.proto();
        return ModelStatistics.newBuilder().setName(name).setVersion(version)
                .setLastInference(lastInferenceMillis.get())
                // one request is one inference and one execution: the local server does not batch requests
                .setInferenceCount(succeeded.getCount()).setExecutionCount(succeeded.getCount())
                .setInferenceStats(InferStatistics.newBuilder().setSuccess(succeeded).setFail(fail.proto())
                        .setQueue(queue.proto()).setComputeInfer(computeInfer.proto()))
                .build();
    }
}
