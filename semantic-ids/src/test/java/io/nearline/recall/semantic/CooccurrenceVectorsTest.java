package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CooccurrenceVectorsTest {

    /** Users who each stay inside one of three groups of 20 objects. */
    private static List<List<String>> groupedSequences() {
        Random random = new Random(3);
        List<List<String>> sequences = new ArrayList<>();
        for (int user = 0; user < 300; user++) {
            int group = user % 3;
            List<String> sequence = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                sequence.add("g" + group + "-" + random.nextInt(20));
            }
            sequences.add(sequence);
        }
        return sequences;
    }

    private static SemanticIdOptions options() {
        return SemanticIdOptions.of(Map.of("behaviour.dimensions", "8"));
    }

    @Test
    void objectsUsedByTheSameUsersGetCloserVectorsThanOthers() {
        CooccurrenceVectors vectors = CooccurrenceVectors.learn(groupedSequences(), options());
        Map<String, float[]> all = vectors.all();
        assertEquals(60, all.size());
        double same = 0;
        double other = 0;
        for (int i = 0; i < 20; i++) {
            same += Vectors.dot(all.get("g0-" + i), all.get("g0-" + ((i + 1) % 20)));
            other += Vectors.dot(all.get("g0-" + i), all.get("g1-" + i));
        }
        assertTrue(same / 20 > other / 20 + 0.5, "same group " + same / 20 + ", other group " + other / 20);
    }

    @Test
    void theSameSequencesAndSeedGiveTheSameVectors() {
        Map<String, float[]> first = CooccurrenceVectors.learn(groupedSequences(), options()).all();
        Map<String, float[]> second = CooccurrenceVectors.learn(groupedSequences(), options()).all();
        for (String object : first.keySet()) {
            assertArrayEquals(first.get(object), second.get(object));
        }
    }

    @Test
    void jacobiEigenvectorsReconstructTheMatrix() {
        double[][] matrix = {{4, 1, 2}, {1, 3, 0.5}, {2, 0.5, 5}};
        SymmetricEigen eigen = SymmetricEigen.of(matrix);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double value = 0;
                for (int k = 0; k < 3; k++) {
                    value += eigen.vectors()[i][k] * eigen.values()[k] * eigen.vectors()[j][k];
                }
                assertEquals(matrix[i][j], value, 1e-9);
            }
        }
        assertTrue(Math.abs(eigen.values()[eigen.order()[0]]) >= Math.abs(eigen.values()[eigen.order()[2]]));
    }
}
