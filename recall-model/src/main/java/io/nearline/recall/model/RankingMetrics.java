package io.nearline.recall.model;

import java.util.Arrays;

/**
 * Hit rate (= Recall with one target) and NDCG at several cutoffs over predictions with one target each: a
 * target at 0-based rank r within the cutoff K scores a hit and 1 / log2(r + 2); outside it, or missing, zero.
 */
public final class RankingMetrics {

    private final int[] cutoffs;
    private final long[] hits;
    private final double[] gains;
    private long cases;

    public RankingMetrics(int... cutoffs) {
        if (cutoffs.length == 0 || Arrays.stream(cutoffs).anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("cutoffs must be positive: " + Arrays.toString(cutoffs));
        }
        this.cutoffs = cutoffs.clone();
        this.hits = new long[cutoffs.length];
        this.gains = new double[cutoffs.length];
    }

    /** One prediction: the target's 0-based rank, or -1 when it was not returned. */
    public void add(int rank) {
        cases++;
        if (rank < 0) {
            return;
        }
        for (int i = 0; i < cutoffs.length; i++) {
            if (rank < cutoffs[i]) {
                hits[i]++;
                gains[i] += 1 / (Math.log(rank + 2) / Math.log(2));
            }
        }
    }

    public long cases() {
        return cases;
    }

    public int[] cutoffs() {
        return cutoffs.clone();
    }

    public double hitRate(int k) {
        int at = index(k);
        return cases == 0 ? 0 : hits[at] / (double) cases;
    }

    public double ndcg(int k) {
        int at = index(k);
        return cases == 0 ? 0 : gains[at] / cases;
    }

    private int index(int k) {
        for (int i = 0; i < cutoffs.length; i++) {
            if (cutoffs[i] == k) {
                return i;
            }
        }
        throw new IllegalArgumentException("no cutoff " + k + " in " + Arrays.toString(cutoffs));
    }
}
