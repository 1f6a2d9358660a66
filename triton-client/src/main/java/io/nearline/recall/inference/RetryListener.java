package io.nearline.recall.inference;

import io.grpc.Status;
import java.time.Duration;

/** Told about every retry the client schedules, e.g. to count transient failures by code. */
@FunctionalInterface
public interface RetryListener {

    RetryListener NONE = (requestId, failedAttempt, code, backoff) -> {};

    void onRetry(String requestId, int failedAttempt, Status.Code code, Duration backoff);
}
