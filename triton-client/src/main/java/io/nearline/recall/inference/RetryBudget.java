package io.nearline.recall.inference;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Token bucket that caps retries at a fraction of recent calls: each call adds {@code ratio}
 * tokens (up to {@code burst}), each retry spends one. When the whole fleet fails, retries stop at
 * that fraction instead of multiplying the load by the attempt count.
 */
public final class RetryBudget {

    private static final long SCALE = 1000;

    private final long perCall;
    private final long capacity;
    private final AtomicLong tokens;

    /** Starts full, so a few retries are possible before any call has been made. */
    public RetryBudget(double ratio, int burst) {
        if (!(ratio >= 0 && ratio <= 1) || burst < 0) {
            throw new IllegalArgumentException("ratio must be in [0, 1] and burst non-negative");
        }
        this.perCall = Math.round(ratio * SCALE);
        this.capacity = burst * SCALE;
        this.tokens = new AtomicLong(capacity);
    }

    /** A first attempt was sent. */
    public void onCall() {
        tokens.getAndUpdate(t -> Math.min(capacity, t + perCall));
    }

    /** Spends one retry if the budget has it. */
    public boolean tryRetry() {
        long before = tokens.getAndUpdate(t -> t >= SCALE ? t - SCALE : t);
        return before >= SCALE;
    }

    /** Whole retries available now. */
    public long available() {
        return tokens.get() / SCALE;
    }
}
