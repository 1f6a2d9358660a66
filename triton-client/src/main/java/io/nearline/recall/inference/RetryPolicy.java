package io.nearline.recall.inference;

import io.grpc.Status;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth another attempt and how long to wait first: UNAVAILABLE (server down or
 * restarting) and RESOURCE_EXHAUSTED (server shedding load), with exponential backoff.
 */
final class RetryPolicy {

    private final int maxAttempts;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;

    RetryPolicy(InferenceClientOptions options) {
        this.maxAttempts = options.maxAttempts();
        this.initialBackoffNanos = options.initialBackoff().toNanos();
        this.maxBackoffNanos = options.maxBackoff().toNanos();
    }

    static boolean isTransient(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED;
    }

    /**
     * Backoff before attempt {@code failedAttempt + 1}, or -1 when the code is not transient, the
     * attempts are spent, or the wait would end past the deadline.
     */
    long backoffNanos(Status.Code code, int failedAttempt, long nowNanos, long deadlineNanos) {
        if (!isTransient(code) || failedAttempt >= maxAttempts) {
            return -1;
        }
        long ceiling = initialBackoffNanos << Math.min(failedAttempt - 1, 20);
        ceiling = Math.min(ceiling < 0 ? maxBackoffNanos : ceiling, maxBackoffNanos);
        // Half fixed, half random: spreads retries of many callers that failed together.
        long backoff = ceiling / 2 + (ceiling > 1 ? ThreadLocalRandom.current().nextLong(ceiling / 2 + 1) : 0);
        return nowNanos + backoff < deadlineNanos ? backoff : -1;
    }
}
