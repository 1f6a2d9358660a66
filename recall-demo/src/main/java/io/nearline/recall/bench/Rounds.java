package io.nearline.recall.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The measured rounds of the bench: each variant's events/s, and its ratio to the baseline of the same round. */
final class Rounds {

    private final List<String> variants;
    private final List<Map<String, Double>> rounds = new ArrayList<>();

    Rounds(List<String> variants) {
        this.variants = variants;
    }

    void add(Map<String, Double> rates) {
        rounds.add(rates);
    }

    static String describe(Map<String, Double> rates) {
        double baseline = rates.get(PipelineBench.BASELINE);
        return rates.entrySet().stream()
                .map(e -> String.format("%s %,.0f/s (%.3f)", e.getKey(), e.getValue(), e.getValue() / baseline))
                .collect(Collectors.joining(", "));
    }

    /** Median events/s and median ratio per variant; the ratio's spread over the rounds shows the noise. */
    String table(BenchInput input, int parallelism, int cores) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n[bench] %,d records of %,d users, parallelism %d, %d cores, %d measured rounds%n",
                input.records(), input.users(), parallelism, cores, rounds.size()));
        out.append(String.format("%-22s %14s %10s %22s%n", "variant", "events/s", "ratio", "ratio min..max"));
        for (String variant : variants) {
            double[] rates = rounds.stream().mapToDouble(r -> r.get(variant)).toArray();
            double[] ratios = rounds.stream()
                    .mapToDouble(r -> r.get(variant) / r.get(PipelineBench.BASELINE)).toArray();
            out.append(String.format("%-22s %,14.0f %10.3f %12.3f..%.3f%n", variant, median(rates), median(ratios),
                    Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0)));
        }
        return out.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
