package io.nearline.recall.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Published results on the same data and protocol, printed beside ours: TIGER (Rajput et al. 2023, Recall@K, which
 * with one target equals HR@K) and ICLRec (Chen et al. 2022, its repository's expected results) on Amazon Beauty.
 */
final class PublishedFigures {

    private record Published(String name, Map<Integer, Double> hitRate, Map<Integer, Double> ndcg) {}

    private static final Map<String, List<Published>> BY_DATASET = Map.of("amazon-beauty-5core", List.of(
            new Published("TIGER (published; Recall@K)", Map.of(5, 0.0454, 10, 0.0648), Map.of(5, 0.0321, 10, 0.0384)),
            new Published("ICLRec (published)", Map.of(5, 0.0500, 10, 0.0744), Map.of(5, 0.0326, 10, 0.0403))));

    private PublishedFigures() {
    }

    /** Table rows for the dataset (none when nothing is published for it); a cutoff without a figure shows "-". */
    static List<String> rowsFor(String dataName, int[] cutoffs) {
        return BY_DATASET.getOrDefault(dataName, List.of()).stream().map(p -> {
            StringBuilder line = new StringBuilder("| ").append(p.name()).append(" |");
            for (Map<Integer, Double> metric : List.of(p.hitRate(), p.ndcg())) {
                for (int k : cutoffs) {
                    Double value = metric.get(k);
                    line.append(value == null ? " - |" : String.format(Locale.ROOT, " %.4f |", value));
                }
            }
            return line.toString();
        }).toList();
    }
}
