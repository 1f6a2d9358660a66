package io.nearline.recall.tiering;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The global GPU budget: a token bucket refilled at the configured rate in front of a bounded priority queue.
 * Requests are admitted highest priority first (oldest first among equals) whenever a token is free; when the queue
 * is full the lowest-priority request is shed, and a request that found no token within the maximum wait is shed.
 *
 * <p>Not thread-safe apart from the counter getters: meant for one caller, e.g. a parallelism-1 gate operator, which
 * passes its clock's time to {@link #offer} and {@link #poll} and calls back at {@link #nextWakeUp()}. Decisions are
 * replayed at the instants tokens became free, so they do not depend on how promptly the caller polls.
 */
public final class GpuBudget<T> {

    private static final double EPSILON = 1e-9;

    private record Waiting<T>(T item, int priority, String tier, long offeredAt, long seq, String user) {}

    private final BudgetRules rules;
    private final Clock clock;
    private final TreeSet<Waiting<T>> byPriority = new TreeSet<>(Comparator
            .comparingInt((Waiting<T> w) -> -w.priority()).thenComparingLong(Waiting::seq));
    private final TreeSet<Waiting<T>> byAge = new TreeSet<>(Comparator.comparingLong(Waiting::seq));
    private final List<BudgetOutcome<T>> outbox = new ArrayList<>();
    private final Function<? super T, String> userOf;
    private final Map<String, Waiting<T>> waitingByUser = new HashMap<>();
    private final ConcurrentHashMap<String, LongAdder> admittedByTier = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> shedByTier = new ConcurrentHashMap<>();
    private volatile int queued;
    private double tokens;
    private long refilledAt;
    private long lastNow = Long.MIN_VALUE;
    private long seq;
    private long second = Long.MIN_VALUE;
    private long admittedThisSecond;
    private volatile long admittedLastSecond;

    public GpuBudget(BudgetRules rules) {
        this(rules, Clock.systemUTC());
    }

    /** A budget whose no-argument {@link #offer(Object, int, String)} and {@link #poll()} read {@code clock}. */
    public GpuBudget(BudgetRules rules, Clock clock) {
        this(rules, clock, item -> null);
    }

    /**
     * As above; {@code userOf} names the user a request is for, so that under {@link BudgetRules#replaceQueued()} a
     * user's new request replaces their waiting one (null: a request that replaces nothing).
     */
    public GpuBudget(BudgetRules rules, Clock clock, Function<? super T, String> userOf) {
        this.rules = rules;
        this.clock = clock;
        this.userOf = userOf;
        this.tokens = rules.burst();
    }

    public void offer(T item, int priority, String tier) {
        offer(item, priority, tier, clock.millis());
    }

    public List<BudgetOutcome<T>> poll() {
        return poll(clock.millis());
    }

    /** Queues a request at {@code now}; its outcome, and any it displaced, come out of the next {@link #poll}. */
    public void offer(T item, int priority, String tier, long now) {
        now = advance(now);
        String user = rules.replaceQueued() ? userOf.apply(item) : null;
        Waiting<T> waiting = user == null ? null : waitingByUser.get(user);
        if (waiting != null) {
            // the newer input takes the waiting request's place: same age (and deadline), the higher priority
            remove(waiting);
            shed(waiting, BudgetOutcome.ShedReason.SUPERSEDED, now);
            add(new Waiting<>(item, Math.max(priority, waiting.priority()), tier == null ? "" : tier,
                    waiting.offeredAt(), waiting.seq(), user));
            advance(now);
            return;
        }
        Waiting<T> request = new Waiting<>(item, priority, tier == null ? "" : tier, now, seq++, user);
        if (byPriority.size() >= rules.queueCapacity()) {
            Waiting<T> lowest = byPriority.last();
            if (lowest.priority() >= priority) {
                shed(request, BudgetOutcome.ShedReason.QUEUE_FULL, now);
                return;
            }
            remove(lowest);
            shed(lowest, BudgetOutcome.ShedReason.QUEUE_FULL, now);
        }
        add(request);
        advance(now);
    }

    /** Decides every request that can be decided by {@code now} and returns the outcomes since the last poll. */
    public List<BudgetOutcome<T>> poll(long now) {
        advance(now);
        List<BudgetOutcome<T>> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    /**
     * When the caller should poll next: the instant the next token frees up for a waiting request or the oldest
     * waiting request runs out of time, whichever is first; {@link Long#MAX_VALUE} when nothing waits.
     */
    public long nextWakeUp() {
        if (byPriority.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.min(nextTokenAt(), byAge.first().offeredAt() + rules.maxWaitMs());
    }

    private long advance(long now) {
        if (lastNow == Long.MIN_VALUE) {
            refilledAt = now;
        }
        now = Math.max(now, lastNow);
        lastNow = now;
        while (!byPriority.isEmpty()) {
            long t = nextTokenAt();
            if (t > now) {
                break;
            }
            refill(t);
            shedExpired(t, false);
            if (byPriority.isEmpty()) {
                break;
            }
            admit(byPriority.first(), t);
        }
        refill(now);
        shedExpired(now, true);
        rollSecond(now);
        queued = byPriority.size();
        return now;
    }

    private long nextTokenAt() {
        double missing = 1 - tokens;
        if (missing <= EPSILON) {
            return refilledAt;
        }
        return refilledAt + (long) Math.ceil(missing * 1000 / rules.requestsPerSecond() - EPSILON);
    }

    private void refill(long t) {
        if (t > refilledAt) {
            tokens = Math.min(rules.burst(), tokens + (t - refilledAt) * rules.requestsPerSecond() / 1000);
            refilledAt = t;
        }
    }

    /** Sheds requests whose wait ends before {@code t} (or at {@code t} when {@code inclusive}). */
    private void shedExpired(long t, boolean inclusive) {
        while (!byAge.isEmpty()) {
            Waiting<T> oldest = byAge.first();
            long deadline = oldest.offeredAt() + rules.maxWaitMs();
            if (deadline > t || (deadline == t && !inclusive)) {
                return;
            }
            remove(oldest);
            shed(oldest, BudgetOutcome.ShedReason.MAX_WAIT, deadline);
        }
    }

    private void admit(Waiting<T> w, long t) {
        remove(w);
        tokens = Math.max(0, tokens - 1);
        rollSecond(t);
        admittedThisSecond++;
        admittedByTier.computeIfAbsent(w.tier(), k -> new LongAdder()).increment();
        outbox.add(new BudgetOutcome<>(w.item(), w.priority(), w.tier(), w.offeredAt(), t, null));
    }

    private void rollSecond(long t) {
        long s = Math.floorDiv(t, 1000);
        if (s != second) {
            admittedLastSecond = s == second + 1 ? admittedThisSecond : 0;
            second = s;
            admittedThisSecond = 0;
        }
    }

    private void shed(Waiting<T> w, BudgetOutcome.ShedReason reason, long t) {
        shedByTier.computeIfAbsent(w.tier(), k -> new LongAdder()).increment();
        outbox.add(new BudgetOutcome<>(w.item(), w.priority(), w.tier(), w.offeredAt(), t, reason));
    }

    private void add(Waiting<T> w) {
        byPriority.add(w);
        byAge.add(w);
        if (w.user() != null) {
            waitingByUser.put(w.user(), w);
        }
    }

    private void remove(Waiting<T> w) {
        byPriority.remove(w);
        byAge.remove(w);
        if (w.user() != null) {
            waitingByUser.remove(w.user(), w);
        }
    }

    public BudgetRules rules() {
        return rules;
    }

    /** Requests waiting for a token. */
    public int queued() {
        return queued;
    }

    /** The requests waiting for a token, oldest first: what a checkpoint keeps so a restart can offer them again. */
    public List<T> waiting() {
        List<T> items = new ArrayList<>(byAge.size());
        byAge.forEach(waiting -> items.add(waiting.item()));
        return items;
    }

    /**
     * Requests admitted in the whole second before the latest offer or poll, as a share of the rate; above 1 only
     * while a burst is spent.
     */
    public double budgetInUse() {
        return admittedLastSecond / rules.requestsPerSecond();
    }

    public Map<String, Long> admittedByTier() {
        return snapshot(admittedByTier);
    }

    public Map<String, Long> shedByTier() {
        return snapshot(shedByTier);
    }

    private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
