package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void hitRateAndNdcgOfAHandMadeSetOfRanks() {
        RankingMetrics metrics = new RankingMetrics(5, 10);
        for (int rank : new int[] {0, 2, -1, 7, 12}) {
            metrics.add(rank);
        }
        assertEquals(5, metrics.cases());
        assertEquals(2 / 5.0, metrics.hitRate(5), 1e-12);
        assertEquals(3 / 5.0, metrics.hitRate(10), 1e-12);
        // rank 0 gains 1, rank 2 gains 1/log2(4) = 0.5, rank 7 gains 1/log2(9)
        assertEquals((1 + 0.5) / 5, metrics.ndcg(5), 1e-12);
        assertEquals((1 + 0.5 + 1 / (Math.log(9) / Math.log(2))) / 5, metrics.ndcg(10), 1e-12);
    }

    @Test
    void noCasesScoreZeroAndAnUnknownCutoffIsAnError() {
        RankingMetrics metrics = new RankingMetrics(10);
        assertEquals(0, metrics.hitRate(10));
        assertThrows(IllegalArgumentException.class, () -> metrics.ndcg(5));
        assertThrows(IllegalArgumentException.class, () -> new RankingMetrics(0));
    }

    @Test
    void measuringARecommenderRanksEachTargetInItsList() {
        List<LeaveOneOut.Case> cases = List.of(
                new LeaveOneOut.Case("u1", List.of("a"), "b"),
                new LeaveOneOut.Case("u2", List.of("a", "b"), "z"),
                new LeaveOneOut.Case("u3", List.of("c"), "d"));
        Map<String, List<String>> answers = Map.of("a", List.of("b", "c"), "b", List.of("c", "d"),
                "c", List.of("a", "b", "c", "d"));
        Recommender recommender = (history, count) -> answers.get(history.get(history.size() - 1));
        RankingMetrics metrics = OfflineEvaluation.measure(recommender, cases, new int[] {1, 3});
        assertEquals(1 / 3.0, metrics.hitRate(1), 1e-12);
        assertEquals(1 / 3.0, metrics.hitRate(3), 1e-12);
        assertEquals(1 / 3.0, metrics.ndcg(3), 1e-12);
    }

    @Test
    void leaveOneOutHoldsOutTheLastTwoItemsAndTestsWithTheValidationItemInTheHistory() {
        Map<String, List<String>> sequences = new java.util.LinkedHashMap<>();
        sequences.put("u1", List.of("a", "b", "c", "d"));
        sequences.put("u2", List.of("x", "y"));
        LeaveOneOut split = LeaveOneOut.of(sequences);
        assertEquals(List.of(List.of("a", "b"), List.of("x", "y")), split.training());
        assertEquals(List.of(new LeaveOneOut.Case("u1", List.of("a", "b"), "c")), split.validation());
        assertEquals(List.of(new LeaveOneOut.Case("u1", List.of("a", "b", "c"), "d")), split.test());
    }
}
