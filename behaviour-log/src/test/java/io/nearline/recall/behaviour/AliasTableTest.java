package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AliasTableTest {

    @Test
    void drawsIndicesInProportionToTheirWeights() {
        AliasTable table = new AliasTable(new double[] {1, 0, 3, 6});
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[4];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[table.sample(random)]++;
        }
        assertEquals(0, counts[1], "zero weight is never drawn");
        assertEquals(0.1, counts[0] / (double) n, 0.005);
        assertEquals(0.3, counts[2] / (double) n, 0.005);
        assertEquals(0.6, counts[3] / (double) n, 0.005);
    }

    @Test
    void invalidWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AliasTable(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new AliasTable(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new AliasTable(new double[] {1, -1}));
    }

    @Test
    void stableTimeOrderSortsByTimeKeepingInputOrderOfTies() {
        long[] times = {5, 1, 5, 0, 1, 5, 2};
        assertArrayEquals(new int[] {3, 1, 4, 6, 0, 2, 5}, StableTimeOrder.of(times, times.length));
        assertArrayEquals(new int[] {1, 0}, StableTimeOrder.of(new long[] {9, 3, 0}, 2));
    }
}
