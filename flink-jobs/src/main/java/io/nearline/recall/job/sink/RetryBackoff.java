package io.nearline.recall.job.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits between retries of a store that is away: doubling from an initial wait up to a ceiling, each wait
 * drawn from its upper half ("equal jitter") so that many writers that lost Redis together do not come
 * back in one burst, yet none retries in a tight loop.
 */
public record RetryBackoff(Duration initial, Duration max) implements Serializable {

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** Milliseconds to wait before retry number {@code attempt} (1 for the first retry). */
    public long waitMillis(int attempt, RandomGenerator random) {
        long ceiling = max.toMillis();
        long step = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long bound = step <= 0 ? ceiling : Math.min(step, ceiling);
        long half = bound / 2;
        return half + random.nextLong(bound - half + 1);
    }
}
