package io.nearline.recall.server;

import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The searches waiting for a thread, served by Triton's schedule-policy priority level (1 first) and, within a
 * level, in arrival order; at most {@code capacity} wait, so a full queue refuses the newcomer (RESOURCE_EXHAUSTED)
 * whatever its level, as a bounded queue must. A request without a level, or with one beyond {@code levels},
 * waits at the lowest level, as Triton puts it at the model's default level.
 */
final class SearchQueue extends PriorityBlockingQueue<Runnable> {

    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final int levels;
    private final transient AtomicLong arrivals = new AtomicLong();

    /** One search, with the level and the arrival number it is ordered by. */
    static final class Queued implements Runnable {
        final int level;
        final long arrival;
        private final Runnable search;

        private Queued(int level, long arrival, Runnable search) {
            this.level = level;
            this.arrival = arrival;
            this.search = search;
        }

        @Override
        public void run() {
            search.run();
        }
    }

    private static final Comparator<Runnable> ORDER = Comparator
            .comparingInt((Runnable r) -> ((Queued) r).level).thenComparingLong(r -> ((Queued) r).arrival);

    SearchQueue(int capacity, int levels) {
        super(Math.min(capacity, 64), ORDER);
        if (capacity < 1 || levels < 1) {
            throw new IllegalArgumentException("capacity and levels must be positive, got " + capacity + ", " + levels);
        }
        this.capacity = capacity;
        this.levels = levels;
    }

    /** {@code search} at the level of a request's {@code priority} (0: none given). */
    Queued of(int priority, Runnable search) {
        int level = priority < 1 || priority > levels ? levels : priority;
        return new Queued(level, arrivals.getAndIncrement(), search);
    }

    @Override
    public synchronized boolean offer(Runnable search) {
        if (!(search instanceof Queued)) {
            throw new IllegalArgumentException("only searches made by SearchQueue.of are queued");
        }
        // the check and the insert under one lock, so concurrent arrivals cannot overfill the bound
        return size() < capacity && super.offer(search);
    }

    @Override
    public int remainingCapacity() {
        return Math.max(0, capacity - size());
    }
}
