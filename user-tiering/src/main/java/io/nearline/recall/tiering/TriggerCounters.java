package io.nearline.recall.tiering;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters a {@link RulesTriggerPolicy} keeps for the job's metrics, by tier name: inferences fired, users placed
 * (net of moves since start) and tier moves. Safe to read from a metrics reporter thread. Counts are per policy
 * instance since it was created (one per parallel subtask in the job) and may be shared across rule versions.
 */
public final class TriggerCounters implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ConcurrentHashMap<String, LongAdder> fired = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> users = new ConcurrentHashMap<>();
    private final LongAdder tierMoves = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder skips = new LongAdder();

    void recordFire(String tier) {
        adder(fired, tier).increment();
    }

    void waited() {
        waits.increment();
    }

    void skipped() {
        skips.increment();
    }

    /** Records that a user went from {@code from} (null for a new user) to {@code to}. */
    void placed(String from, String to) {
        if (to.equals(from)) {
            return;
        }
        if (from != null) {
            adder(users, from).decrement();
            tierMoves.increment();
        }
        adder(users, to).increment();
    }

    /** Inferences fired per tier. */
    public Map<String, Long> firedByTier() {
        return snapshot(fired);
    }

    /** Users whose latest behaviour placed them in each tier (users seen by this instance since it started). */
    public Map<String, Long> usersByTier() {
        return snapshot(users);
    }

    /** Inferences fired for users of {@code tier}. */
    public long fired(String tier) {
        LongAdder a = fired.get(tier);
        return a == null ? 0 : a.sum();
    }

    public long tierMoves() {
        return tierMoves.sum();
    }

    /** Decisions that asked for a timer (debounce or cool-down). */
    public long waits() {
        return waits.sum();
    }

    public long skips() {
        return skips.sum();
    }

    private static LongAdder adder(ConcurrentHashMap<String, LongAdder> map, String key) {
        return map.computeIfAbsent(key, k -> new LongAdder());
    }

    private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
