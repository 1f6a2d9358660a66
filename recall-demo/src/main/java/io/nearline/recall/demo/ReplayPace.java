package io.nearline.recall.demo;

/**
 * When each behaviour of a replay is due: {@code rate} per second, except the {@code burstEvents} after the first
 * {@code burstAfter}, which go at {@code burstRate} (a burst the fault tests send at ten times the steady rate).
 * A rate of 0 sends as fast as the broker takes them.
 */
public record ReplayPace(int rate, long burstAfter, long burstEvents, int burstRate) {

    public ReplayPace {
        if (rate < 0 || burstRate < 0 || burstAfter < 0 || burstEvents < 0) {
            throw new IllegalArgumentException("replay rates and counts must not be negative");
        }
        if (burstEvents > 0 && (rate == 0) != (burstRate == 0)) {
            throw new IllegalArgumentException("a burst needs both the steady rate and its own, or neither");
        }
    }

    public static ReplayPace steady(int rate) {
        return new ReplayPace(rate, 0, 0, 0);
    }

    public boolean paced() {
        return rate > 0;
    }

    /** Nanoseconds after the replay's start at which the behaviour after the first {@code sent} is due. */
    public long dueNanos(long sent) {
        long before = Math.min(sent, burstAfter);
        long inBurst = Math.max(0, Math.min(sent - burstAfter, burstEvents));
        long after = Math.max(0, sent - burstAfter - burstEvents);
        return nanos(before, rate) + nanos(inBurst, burstRate) + nanos(after, rate);
    }

    private static long nanos(long events, int perSecond) {
        return events == 0 ? 0 : events * 1_000_000_000L / perSecond;
    }
}
