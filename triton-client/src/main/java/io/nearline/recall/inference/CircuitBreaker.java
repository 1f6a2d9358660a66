package io.nearline.recall.inference;

import java.util.function.LongSupplier;

/**
 * Per-server circuit breaker over call outcomes: opens after consecutive server-side failures,
 * refuses calls while open, then lets a single trial call through (half-open) whose outcome closes
 * or reopens it. Catches servers that pass readiness probes yet fail calls.
 */
public final class CircuitBreaker {

    /** CLOSED passes calls; OPEN refuses them; HALF_OPEN passes one trial. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, long openNanos, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openNanos;
        this.nanoClock = nanoClock;
    }

    /** Whether {@link #tryAcquire} could pass a call now; claims nothing. */
    public synchronized boolean allowsCall() {
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> openPeriodOver();
            case HALF_OPEN -> !trialInFlight;
        };
    }

    /** Claims the right to send one call; in half-open only the first caller gets it. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && openPeriodOver()) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                boolean first = !trialInFlight;
                trialInFlight = true;
                yield first;
            }
        };
    }

    public synchronized void onSuccess() {
        if (state == State.OPEN) {
            return;  // an answer to a call sent before the circuit opened says nothing about now
        }
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void onFailure() {
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        if (state == State.CLOSED && ++consecutiveFailures >= failureThreshold) {
            open();
        }
    }

    /** Closes the circuit, e.g. when health probes have just readmitted the server. */
    public synchronized void reset() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** The state, showing an open circuit whose period is over as half-open. */
    public synchronized State state() {
        return state == State.OPEN && openPeriodOver() ? State.HALF_OPEN : state;
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    private boolean openPeriodOver() {
        return nanoClock.getAsLong() - openedAt >= openNanos;
    }
}
