package io.nearline.recall.server;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds each answer until {@code server.model-latency} after its request arrived, so the local server answers as
 * late as the 50-500 ms GPU model it stands in for. The wait is on one timer thread, not on a search thread: a GPU
 * server batches the requests in flight, so a slower model lengthens every answer without serving fewer of them.
 */
final class HeldAnswers implements AutoCloseable {

    private final AtomicLong latencyNanos;
    private final ScheduledExecutorService timer;

    HeldAnswers(Duration latency) {
        this.latencyNanos = new AtomicLong(latency.toNanos());
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "held-answers");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
    }

    /** Changes the latency of requests that arrive from now on; a fault test's "the model got 10x slower". */
    void latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("model latency must not be negative, got " + latency);
        }
        latencyNanos.set(latency.toNanos());
    }

    Duration latency() {
        return Duration.ofNanos(latencyNanos.get());
    }

    /** The time, in {@link System#nanoTime()}, before which a request arriving now must not be answered. */
    long dueAt(long arrivalNanos) {
        return arrivalNanos + latencyNanos.get();
    }

    /** Runs {@code send} at {@code dueNanos}, or now on the caller's thread when that time has passed. */
    void send(long dueNanos, Runnable send) {
        long wait = dueNanos - System.nanoTime();
        if (wait <= 0) {
            send.run();
        } else {
            timer.schedule(send, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Drops the answers still held; their calls are failed by the server's shutdown. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
