package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NextItemDistributionTest {

    private static final SemanticIdSet IDS = Fixtures.ids(40);
    private static final SequentialRecallModel MODEL = Fixtures.train(Fixtures.cycles(300, 30, 8, 5), IDS,
            RecallModelOptions.defaults());

    private static List<NextItemDistribution> contexts() {
        return List.of(MODEL.predictObjects(List.of()),
                MODEL.predictObjects(List.of("m3", "m4", "m5")),
                MODEL.predictObjects(List.of("m30", "m17")),
                MODEL.predictObjects(List.of("m39")));
    }

    @Test
    void itemProbabilitiesSumToOne() {
        for (NextItemDistribution distribution : contexts()) {
            double total = 0;
            for (int item = 0; item < MODEL.items().size(); item++) {
                assertTrue(distribution.probability(item) > 0);
                total += distribution.probability(item);
            }
            assertEquals(1.0, total, 1e-6); // transition rows are stored as floats
        }
    }

    @Test
    void everyLevelsCodeDistributionOverTheCodesOfKnownItemsSumsToOne() {
        ItemCodes items = MODEL.items();
        for (NextItemDistribution distribution : contexts()) {
            for (int item = 0; item < items.size(); item++) {
                int[] id = items.codes(item);
                for (int position = 0; position < id.length; position++) {
                    float[] row = distribution.nextCodeLogProbabilities(id, position);
                    assertEquals(items.format().bound(position), row.length);
                    double total = 0;
                    for (int code : childCodes(items, id, position)) {
                        total += Math.exp(row[code]);
                    }
                    assertEquals(1.0, total, 1e-5, "prefix of item " + item + " at position " + position);
                }
            }
        }
    }

    @Test
    void codeProbabilitiesAlongAnIdMultiplyToTheItemsProbabilityWhenNoIdIsAPrefixOfAnother() {
        SequentialRecallModel model = Fixtures.train(Fixtures.cycles(300, 30, 8, 5), Fixtures.suffixedIds(40),
                RecallModelOptions.defaults());
        ItemCodes items = model.items();
        NextItemDistribution distribution = model.predictObjects(List.of("m7", "m8"));
        for (int item = 0; item < items.size(); item++) {
            int[] id = items.codes(item);
            double logProbability = 0;
            for (int position = 0; position < id.length; position++) {
                logProbability += distribution.nextCodeLogProbabilities(id, position)[id[position]];
            }
            assertEquals(Math.log(distribution.probability(item)), logProbability, 1e-4, "item " + item);
        }
    }

    @Test
    void aCodeWithNoKnownItemGetsTheUnseenItemFloorBelowEveryKnownCode() {
        NextItemDistribution distribution = MODEL.predictObjects(List.of("m1"));
        float[] root = distribution.nextCodeLogProbabilities(new int[0], 0);
        float floor = root[7];
        assertTrue(Float.isFinite(floor));
        for (int code = 0; code < 3; code++) {
            assertTrue(root[code] > floor);
        }
        float[] unknownPrefix = distribution.nextCodeLogProbabilities(new int[] {7, 0}, 2);
        assertEquals(Math.exp(unknownPrefix[0]) * unknownPrefix.length, 1.0, 1e-6);
    }

    @Test
    void topItemsAreTheMostProbableBestFirst() {
        NextItemDistribution distribution = MODEL.predictObjects(List.of("m10", "m11"));
        int[] top = distribution.topItems(5);
        assertEquals(5, top.length);
        for (int i = 1; i < top.length; i++) {
            assertTrue(distribution.probability(top[i - 1]) >= distribution.probability(top[i]));
        }
        java.util.Set<Integer> chosen = java.util.Arrays.stream(top).boxed().collect(java.util.stream.Collectors.toSet());
        for (int item = 0; item < MODEL.items().size(); item++) {
            if (!chosen.contains(item)) {
                assertTrue(distribution.probability(item) <= distribution.probability(top[4]), "item " + item);
            }
        }
        assertEquals("m12", MODEL.items().objectId(top[0]));
    }

    @Test
    void historyItemsTheModelDoesNotKnowAreIgnored() {
        NextItemDistribution known = MODEL.predictObjects(List.of("m10", "m11"));
        NextItemDistribution withUnknown = MODEL.predictObjects(List.of("m10", "no-such-object", "m11"));
        assertArrayEquals(known.topItems(10), withUnknown.topItems(10));
    }

    private static int[] childCodes(ItemCodes items, int[] id, int position) {
        long range = items.range(id, position);
        return java.util.stream.IntStream.range((int) (range >>> 32), (int) range)
                .map(item -> items.codeAt(item, position)).filter(code -> code >= 0).distinct().toArray();
    }
}
