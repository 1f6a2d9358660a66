package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResidualQuantiserTest {

    /** 8 well separated groups of 50 vectors in 16 dimensions. */
    static float[][] clusteredVectors(long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[8][16];
        for (float[] centre : centres) {
            for (int d = 0; d < 16; d++) {
                centre[d] = (float) random.nextGaussian() * 10;
            }
        }
        float[][] vectors = new float[400][16];
        for (int i = 0; i < vectors.length; i++) {
            for (int d = 0; d < 16; d++) {
                vectors[i][d] = centres[i % 8][d] + (float) random.nextGaussian();
            }
        }
        return vectors;
    }

    private static SemanticIdOptions options(int codes, double maxLoad) {
        return SemanticIdOptions.of(Map.of("quantiser.levels", "3", "quantiser.codes", String.valueOf(codes),
                "quantiser.max-load", String.valueOf(maxLoad)));
    }

    @Test
    void sameVectorsAndSeedGiveTheSameCodes() {
        float[][] vectors = clusteredVectors(1);
        var first = ResidualQuantiser.train(vectors, options(8, 2.0), 1, "test");
        var second = ResidualQuantiser.train(vectors, options(8, 2.0), 1, "test");
        for (int i = 0; i < vectors.length; i++) {
            assertArrayEquals(first.codes()[i], second.codes()[i]);
        }
    }

    @Test
    void vectorsOfOneGroupShareTheFirstCodeAndGroupsDoNot() {
        float[][] vectors = clusteredVectors(2);
        var training = ResidualQuantiser.train(vectors, options(8, 1.0), 1, "test");
        Set<Integer> firstCodes = new HashSet<>();
        for (int group = 0; group < 8; group++) {
            int code = training.codes()[group][0];
            for (int i = group; i < vectors.length; i += 8) {
                assertEquals(code, training.codes()[i][0], "vector " + i);
            }
            firstCodes.add(code);
        }
        assertEquals(8, firstCodes.size());
    }

    @Test
    void balancedAssignmentKeepsEveryCodeWithinItsCapacity() {
        float[][] vectors = clusteredVectors(3);
        int codes = 4;
        var training = ResidualQuantiser.train(vectors, options(codes, 1.0), 1, "test");
        for (int level = 0; level < 3; level++) {
            int[] load = new int[codes];
            for (int[] code : training.codes()) {
                load[code[level]]++;
            }
            for (int count : load) {
                assertTrue(count <= vectors.length / codes, "level " + level + " load " + count);
            }
        }
    }

    @Test
    void quantisingATrainingVectorAgainGivesItsNearestCodes() {
        float[][] vectors = clusteredVectors(4);
        var training = ResidualQuantiser.train(vectors, options(8, 0), 1, "test");
        int agree = 0;
        for (int i = 0; i < vectors.length; i++) {
            if (java.util.Arrays.equals(training.codes()[i], training.codebook().quantise(vectors[i]))) {
                agree++;
            }
        }
        assertTrue(agree > vectors.length * 0.9, agree + " of " + vectors.length);
    }

    @Test
    void moreCodesThanVectorsStillGivesDistinctCodes() {
        float[][] vectors = java.util.Arrays.copyOf(clusteredVectors(5), 10);
        var training = ResidualQuantiser.train(vectors, options(16, 2.0), 1, "test");
        Set<Integer> first = new HashSet<>();
        for (int[] code : training.codes()) {
            first.add(code[0]);
        }
        assertEquals(10, first.size());
    }
}
