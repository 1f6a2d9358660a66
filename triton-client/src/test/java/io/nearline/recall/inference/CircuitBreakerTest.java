package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.CircuitBreaker.State;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long OPEN_NANOS = 1_000;
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN_NANOS, now::get);

    @Test
    void threeFailuresInARowOpenTheCircuitAndASuccessBetweenThemDoesNot() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.allowsCall());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void afterTheOpenPeriodExactlyOneTrialCallIsLetThroughAndItsSuccessCloses() {
        open();
        now.addAndGet(OPEN_NANOS);
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.allowsCall());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "a second call while the trial is in flight");
        assertFalse(breaker.allowsCall());
        breaker.onSuccess();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedTrialReopensForAFullPeriod() {
        open();
        now.addAndGet(OPEN_NANOS);
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
        assertEquals(State.OPEN, breaker.state());
        now.addAndGet(OPEN_NANOS - 1);
        assertFalse(breaker.tryAcquire());
        now.addAndGet(1);
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aLateSuccessOfACallSentBeforeOpeningDoesNotClose() {
        open();
        breaker.onSuccess();
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void aResetClosesAnOpenCircuitAtOnce() {
        open();
        breaker.reset();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        assertEquals(State.OPEN, breaker.state());
    }
}
