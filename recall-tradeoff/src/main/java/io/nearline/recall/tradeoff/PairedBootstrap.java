package io.nearline.recall.tradeoff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Confidence intervals for ratios of sums over users (HR = hits / targets, coverage = covered / targets), by a
 * bootstrap that resamples users, the independent unit: one user's targets are correlated. The same resampled users
 * serve every rule set, so the interval of a difference between two rule sets is paired, and tighter than the two
 * intervals side by side. Users of the same ID in several logs (seeds) stay together in one cluster.
 */
public final class PairedBootstrap {

    /** A point estimate and its 95% percentile interval. */
    public record Interval(double estimate, double low, double high) {}

    private final String[] users;
    private final int[][] draws;

    /** Draws {@code resamples} resamples of the users that appear in any of {@code tallies}. */
    public PairedBootstrap(List<TierTally> tallies, int resamples, long seed) {
        Set<String> all = new LinkedHashSet<>();
        tallies.forEach(t -> all.addAll(t.users.keySet()));
        this.users = all.stream().sorted().toArray(String[]::new);
        SplittableRandom random = new SplittableRandom(seed);
        this.draws = new int[resamples][];
        for (int b = 0; b < resamples; b++) {
            int[] counts = new int[users.length];
            for (int i = 0; i < users.length; i++) {
                counts[random.nextInt(users.length)]++;
            }
            draws[b] = counts;
        }
    }

    /** sum(numerator) / sum(denominator) of one tally, with its interval; NaN when the denominator is 0. */
    public Interval ratio(TierTally tally, int numerator, int denominator) {
        double[][] cells = cells(tally);
        double[] samples = new double[draws.length];
        for (int b = 0; b < draws.length; b++) {
            samples[b] = weighted(cells, draws[b], numerator) / weighted(cells, draws[b], denominator);
        }
        return interval(sum(cells, numerator) / sum(cells, denominator), samples);
    }

    /** The relative difference ratio(a) / ratio(base) - 1, paired over the same users. */
    public Interval relativeDifference(TierTally a, TierTally base, int numerator, int denominator) {
        double[][] ca = cells(a);
        double[][] cb = cells(base);
        double[] samples = new double[draws.length];
        for (int b = 0; b < draws.length; b++) {
            double ra = weighted(ca, draws[b], numerator) / weighted(ca, draws[b], denominator);
            double rb = weighted(cb, draws[b], numerator) / weighted(cb, draws[b], denominator);
            samples[b] = ra / rb - 1;
        }
        double estimate = (sum(ca, numerator) / sum(ca, denominator)) / (sum(cb, numerator) / sum(cb, denominator)) - 1;
        return interval(estimate, samples);
    }

    private double[][] cells(TierTally tally) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < users.length; i++) {
            index.put(users[i], i);
        }
        double[][] cells = new double[TierTally.FIGURES][users.length];
        tally.users.forEach((user, cell) -> {
            Integer i = index.get(user);
            if (i == null) {
                throw new IllegalArgumentException("user " + user + " was not in the bootstrap's tallies");
            }
            for (int f = 0; f < TierTally.FIGURES; f++) {
                cells[f][i] = cell[f];
            }
        });
        return cells;
    }

    private static double weighted(double[][] cells, int[] counts, int figure) {
        double total = 0;
        double[] values = cells[figure];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                total += counts[i] * values[i];
            }
        }
        return total;
    }

    private static double sum(double[][] cells, int figure) {
        return Arrays.stream(cells[figure]).sum();
    }

    private static Interval interval(double estimate, double[] samples) {
        List<Double> finite = new ArrayList<>(samples.length);
        for (double s : samples) {
            if (Double.isFinite(s)) {
                finite.add(s);
            }
        }
        if (finite.isEmpty()) {
            return new Interval(estimate, Double.NaN, Double.NaN);
        }
        finite.sort(Double::compare);
        double low = finite.get((int) Math.floor(0.025 * (finite.size() - 1)));
        double high = finite.get((int) Math.ceil(0.975 * (finite.size() - 1)));
        return new Interval(estimate, low, high);
    }
}
