package io.nearline.recall.model;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The model's probability of every known item being the user's next, for one context, and its factorisation over
 * the semantic-ID prefix tree: P(code at position l | prefix) = mass of the items under prefix+code / mass under the
 * prefix. Multiplying the code probabilities along an ID gives back the item's probability, so decoding IDs level by
 * level with beam search searches this distribution. Immutable; one per request.
 */
public final class NextItemDistribution {

    private final ItemCodes items;
    private final double[] popularity;
    private final double[] popularityCumulative;
    private final double popularityShare;
    private final double unseenPopularity;
    private final int[] sparseItems;
    private final double[] sparseCumulative;

    /**
     * @param popularityShare  weight of the popularity distribution in this mixture
     * @param sparseItems      items with probability beyond their popularity share, ascending
     * @param sparseCumulative running sums of that extra probability, one longer than sparseItems
     */
    NextItemDistribution(ItemCodes items, double[] popularity, double[] popularityCumulative, double unseenPopularity,
            double popularityShare, int[] sparseItems, double[] sparseCumulative) {
        this.items = items;
        this.popularity = popularity;
        this.popularityCumulative = popularityCumulative;
        this.unseenPopularity = unseenPopularity;
        this.popularityShare = popularityShare;
        this.sparseItems = sparseItems;
        this.sparseCumulative = sparseCumulative;
    }

    public ItemCodes items() {
        return items;
    }

    /** The probability that the next item is this one (item number in {@link ItemCodes} order). */
    public double probability(int item) {
        int at = Arrays.binarySearch(sparseItems, item);
        double extra = at >= 0 ? sparseCumulative[at + 1] - sparseCumulative[at] : 0;
        return popularityShare * popularity[item] + extra;
    }

    /** Probability mass of the items in [start, end). */
    double mass(int start, int end) {
        return popularityShare * (popularityCumulative[end] - popularityCumulative[start])
                + sparseCumulative[sparseIndex(end)] - sparseCumulative[sparseIndex(start)];
    }

    private int sparseIndex(int item) {
        int at = Arrays.binarySearch(sparseItems, item);
        return at >= 0 ? at : -at - 1;
    }

    /**
     * Log-probabilities of the code at {@code position} after the first {@code position} codes of {@code prefix},
     * one per code the format allows there. Over the codes that lead to known items they sum to 1 (in probability);
     * a code with no known item gets the log-probability one unseen item would have, so objects newer than the
     * model stay reachable but rank low. A prefix the model does not know gives every code the same value.
     */
    public float[] nextCodeLogProbabilities(int[] prefix, int position) {
        float[] row = new float[items.format().bound(position)];
        long range = items.range(prefix, position);
        int start = (int) (range >>> 32);
        int end = (int) range;
        while (start < end && items.codeAt(start, position) < 0) {
            start++; // the item whose ID ends at this prefix has no code here
        }
        double total = start < end ? mass(start, end) : 0;
        if (!(total > 0)) {
            Arrays.fill(row, (float) -Math.log(row.length));
            return row;
        }
        Arrays.fill(row, (float) Math.log(popularityShare * unseenPopularity / total));
        while (start < end) {
            int code = items.codeAt(start, position);
            int codeEnd = items.endOfCode(start, end, position, code);
            row[code] = (float) Math.log(mass(start, codeEnd) / total);
            start = codeEnd;
        }
        return row;
    }

    /** The {@code k} most probable items, best first; ties go to the smaller item number (ID order). */
    public int[] topItems(int k) {
        int n = items.size();
        int keep = Math.min(k, n);
        PriorityQueue<double[]> worstFirst = new PriorityQueue<>(keep + 1, (a, b) -> a[0] != b[0]
                ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
        int sparse = 0;
        for (int item = 0; item < n; item++) {
            double p = popularityShare * popularity[item];
            if (sparse < sparseItems.length && sparseItems[sparse] == item) {
                p += sparseCumulative[sparse + 1] - sparseCumulative[sparse];
                sparse++;
            }
            if (worstFirst.size() < keep) {
                worstFirst.add(new double[] {p, item});
            } else if (p > worstFirst.peek()[0]) {
                worstFirst.poll();
                worstFirst.add(new double[] {p, item});
            }
        }
        int[] best = new int[worstFirst.size()];
        for (int i = best.length - 1; i >= 0; i--) {
            best[i] = (int) worstFirst.poll()[1];
        }
        return best;
    }
}
