package io.nearline.recall.tiering;

import java.io.Serializable;

/**
 * The global GPU budget: a token bucket of {@code burst} tokens refilled at {@code requestsPerSecond}, in front of
 * which at most {@code queueCapacity} requests wait, each for at most {@code maxWaitMs}. With {@code replaceQueued}
 * a user's new request takes the place of their request still waiting (its place in the queue, the higher of the two
 * priorities): only the newest input is worth a call, and a user who keeps clicking while the budget binds neither
 * fills the queue nor loses their turn.
 */
public record BudgetRules(double requestsPerSecond, int burst, int queueCapacity, long maxWaitMs,
                          boolean replaceQueued) implements Serializable {

    /**
     * The smallest bucket that can hold {@code requestsPerSecond}: the budget decides once per millisecond, so a
     * bucket smaller than one millisecond's tokens would cap the rate at {@code burst} per millisecond.
     */
    public static int minimumBurst(double requestsPerSecond) {
        return (int) Math.ceil(requestsPerSecond / 1000);
    }

    /** A budget whose queued requests are never replaced. */
    public BudgetRules(double requestsPerSecond, int burst, int queueCapacity, long maxWaitMs) {
        this(requestsPerSecond, burst, queueCapacity, maxWaitMs, false);
    }

    public BudgetRules {
        if (!(requestsPerSecond > 0) || requestsPerSecond > TieringOptions.MAX_REQUESTS_PER_SECOND) {
            throw new IllegalArgumentException("requestsPerSecond must be in (0, "
                    + TieringOptions.MAX_REQUESTS_PER_SECOND + "], was " + requestsPerSecond);
        }
        if (burst < 1 || queueCapacity < 1 || maxWaitMs < 0) {
            throw new IllegalArgumentException("burst and queueCapacity must be >= 1 and maxWaitMs >= 0: " + this);
        }
        if (burst < minimumBurst(requestsPerSecond)) {
            throw new IllegalArgumentException("burst " + burst + " is below " + minimumBurst(requestsPerSecond)
                    + ", the tokens one millisecond brings at " + requestsPerSecond + " requests/s: " + this);
        }
    }
}
