package io.nearline.recall.tradeoff;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What one tier of one rule set did over the live part of a log: behaviours, calls, and per user the targets and
 * how they were served, kept per user so confidence intervals can resample users.
 */
public final class TierTally {

    /** Index of each figure in a user's cell (for {@link PairedBootstrap}). */
    public static final int TARGETS = 0;
    public static final int COVERED = 1;
    public static final int HITS_COVERED = 2;
    public static final int HITS_WITH_FALLBACK = 3;
    static final int FIGURES = 4;

    long behaviours;
    long impressions;
    long clicks;
    long calls;
    long shed;
    long timedOut;
    final Map<String, long[]> users = new HashMap<>();
    /** Target time minus the time the served recall reflects, per covered target. */
    final LongSamples stalenessMs = new LongSamples();
    /** Changes of the model's input (ad clicks and conversions) the served recall missed, per covered target. */
    final LongSamples missedChanges = new LongSamples();

    long[] cell(String user) {
        return users.computeIfAbsent(user, u -> new long[FIGURES]);
    }

    public long behaviours() {
        return behaviours;
    }

    /** Ad impressions and clicks among the behaviours: their ratio is what a closed loop changes. */
    public long impressions() {
        return impressions;
    }

    public long clicks() {
        return clicks;
    }

    /** Admitted inference calls (a call that timed out still spent its GPU time). */
    public long calls() {
        return calls;
    }

    public long shed() {
        return shed;
    }

    public long timedOut() {
        return timedOut;
    }

    public long total(int figure) {
        return users.values().stream().mapToLong(c -> c[figure]).sum();
    }

    public long targets() {
        return total(TARGETS);
    }

    public long covered() {
        return total(COVERED);
    }

    public long hitsCovered() {
        return total(HITS_COVERED);
    }

    public long hitsWithFallback() {
        return total(HITS_WITH_FALLBACK);
    }

    public LongSamples stalenessMs() {
        return stalenessMs;
    }

    public LongSamples missedChanges() {
        return missedChanges;
    }

    /** Adds another tally (another tier, or the same tier on another log) into this one. */
    void add(TierTally other) {
        behaviours += other.behaviours;
        impressions += other.impressions;
        clicks += other.clicks;
        calls += other.calls;
        shed += other.shed;
        timedOut += other.timedOut;
        other.users.forEach((user, cell) -> {
            long[] mine = cell(user);
            for (int i = 0; i < FIGURES; i++) {
                mine[i] += cell[i];
            }
        });
        stalenessMs.addAll(other.stalenessMs);
        missedChanges.addAll(other.missedChanges);
    }

    /** A growable array of non-negative longs with quantiles. */
    public static final class LongSamples {
        private long[] values = new long[16];
        private int size;
        private boolean sorted = true;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
            sorted = false;
        }

        void addAll(LongSamples other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        public int size() {
            return size;
        }

        /** The q-quantile (nearest rank), or -1 when empty. */
        public long quantile(double q) {
            if (size == 0) {
                return -1;
            }
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            int rank = (int) Math.ceil(q * size);
            return values[Math.min(size - 1, Math.max(0, rank - 1))];
        }

        public double mean() {
            if (size == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += values[i];
            }
            return sum / size;
        }
    }
}
