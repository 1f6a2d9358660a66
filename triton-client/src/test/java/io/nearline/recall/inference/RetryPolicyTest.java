package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final long MS = 1_000_000L;
    private static final long FAR = Long.MAX_VALUE / 2;

    private final RetryPolicy policy = new RetryPolicy(InferenceClientOptions.builder()
            .maxAttempts(4).initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(50)).build());

    @Test
    void onlyUnavailableAndResourceExhaustedAreRetried() {
        assertTrue(policy.backoffNanos(Status.Code.UNAVAILABLE, 1, 0, FAR) >= 0);
        assertTrue(policy.backoffNanos(Status.Code.RESOURCE_EXHAUSTED, 1, 0, FAR) >= 0);
        for (Status.Code code : new Status.Code[] {Status.Code.DEADLINE_EXCEEDED, Status.Code.INVALID_ARGUMENT,
                Status.Code.NOT_FOUND, Status.Code.INTERNAL, Status.Code.CANCELLED}) {
            assertEquals(-1, policy.backoffNanos(code, 1, 0, FAR), code.name());
        }
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCeiling() {
        for (int i = 0; i < 100; i++) {
            long first = policy.backoffNanos(Status.Code.UNAVAILABLE, 1, 0, FAR);
            long second = policy.backoffNanos(Status.Code.UNAVAILABLE, 2, 0, FAR);
            long third = policy.backoffNanos(Status.Code.UNAVAILABLE, 3, 0, FAR);
            assertTrue(first >= 10 * MS && first <= 20 * MS, "first " + first);
            assertTrue(second >= 20 * MS && second <= 40 * MS, "second " + second);
            assertTrue(third >= 25 * MS && third <= 50 * MS, "third capped " + third);
        }
    }

    @Test
    void noRetryAfterTheLastAttemptOrPastTheDeadline() {
        assertEquals(-1, policy.backoffNanos(Status.Code.UNAVAILABLE, 4, 0, FAR));
        assertEquals(-1, policy.backoffNanos(Status.Code.UNAVAILABLE, 1, 0, 5 * MS));
    }
}
