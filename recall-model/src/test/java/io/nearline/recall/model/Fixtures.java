package io.nearline.recall.model;

import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.SemanticId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small catalogues and sequences with a known pattern, for the model's tests. */
final class Fixtures {

    static final IdFormat FORMAT = new IdFormat(3, 8, 4);

    private Fixtures() {
    }

    /** Objects m0..m(n-1) with 3-level IDs that group neighbours under shared prefixes; some share base codes. */
    static SemanticIdSet ids(int n) {
        Map<String, SemanticId> ids = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            SemanticId base = SemanticId.of(i / 16 % 8, i / 4 % 4, i % 2);
            // objects 4k+2 and 4k+3 share base codes with 4k and 4k+1, so they carry a collision code
            ids.put("m" + i, i % 4 < 2 ? base : base.append(i % 4 - 1));
        }
        return new SemanticIdSet(FORMAT, 3, "fixture vectors", ids);
    }

    /** Like {@link #ids(int)} but every ID carries the collision code (TIGER's layout): none is a prefix of another. */
    static SemanticIdSet suffixedIds(int n) {
        Map<String, SemanticId> ids = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ids.put("m" + i, SemanticId.of(i / 16 % 8, i / 4 % 4, i % 2, i % 4 / 2));
        }
        return new SemanticIdSet(FORMAT, 3, "fixture vectors", ids);
    }

    /**
     * Users walk a cycle over m0..m(cycle-1) (each step to the next object), and one object, m(cycle), is clicked
     * by nearly everyone at a random point: popularity says m(cycle), the sequence says the next in the cycle.
     */
    static Map<String, List<String>> cycles(int users, int cycle, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        for (int u = 0; u < users; u++) {
            List<String> sequence = new ArrayList<>();
            int at = random.nextInt(cycle);
            for (int step = 0; step < length; step++) {
                sequence.add("m" + (at + step) % cycle);
            }
            if (random.nextDouble() < 0.9) {
                sequence.add(random.nextInt(length - 2), "m" + cycle);
            }
            sequences.put("u" + u, sequence);
        }
        return sequences;
    }

    static SequentialRecallModel train(Map<String, List<String>> sequences, SemanticIdSet ids, RecallModelOptions options) {
        return ModelTrainer.train(sequences.values(), ids, "fixture cycles", options).model();
    }
}
