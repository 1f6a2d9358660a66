package io.nearline.recall.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic, reproducible semantic IDs (uniform random codes, distinct) for tests, benchmarks and
 * the standalone server when no catalogue is given; not derived from any real catalogue.
 */
public final class FixtureSemanticIds {

    private FixtureSemanticIds() {}

    /** {@code count} distinct IDs of {@code levels} codes in {@code [0, codesPerLevel)}, fixed by the seed. */
    public static List<int[]> generate(int count, int levels, int codesPerLevel, long seed) {
        double capacity = Math.pow(codesPerLevel, levels);
        if (count > capacity) {
            throw new IllegalArgumentException(count + " IDs do not fit in " + levels + "x" + codesPerLevel + " codes");
        }
        SplittableRandom random = new SplittableRandom(seed);
        HashSet<List<Integer>> seen = new HashSet<>();
        List<int[]> ids = new ArrayList<>(count);
        while (ids.size() < count) {
            int[] id = new int[levels];
            List<Integer> key = new ArrayList<>(levels);
            for (int level = 0; level < levels; level++) {
                id[level] = random.nextInt(codesPerLevel);
                key.add(id[level]);
            }
            if (seen.add(key)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
