package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainerTest {

    @Test
    void trainingTwiceOnTheSameDataGivesByteIdenticalModelFiles(@TempDir Path directory) throws Exception {
        Map<String, List<String>> sequences = Fixtures.cycles(200, 30, 8, 11);
        Path first = directory.resolve("first.bin");
        Path second = directory.resolve("second.bin");
        ModelFile.write(Fixtures.train(sequences, Fixtures.ids(40), RecallModelOptions.defaults()), first);
        ModelFile.write(Fixtures.train(sequences, Fixtures.ids(40), RecallModelOptions.defaults()), second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void aTrainedModelRanksTheTrueNextItemAbovePopularityOnSequencesWithAPattern() {
        LeaveOneOut split = LeaveOneOut.of(Fixtures.cycles(400, 30, 8, 3));
        SemanticIdSet ids = Fixtures.ids(40);
        RecallModelOptions options = RecallModelOptions.defaults();
        SequentialRecallModel model = ModelTrainer.train(split.training(), ids, "cycles", options).model();
        SequentialRecallModel popularity = ModelTrainer.train(split.training(), ids, "cycles",
                options.with("popularity.mix", "1.0")).model();
        int[] cutoffs = {1, 5};
        RankingMetrics ours = OfflineEvaluation.measure(new ExactRanking(model), split.test(), cutoffs);
        RankingMetrics baseline = OfflineEvaluation.measure(new ExactRanking(popularity), split.test(), cutoffs);
        assertTrue(ours.hitRate(1) > 0.9, "ours HR@1 " + ours.hitRate(1));
        assertTrue(baseline.hitRate(5) < 0.35, "popularity HR@5 " + baseline.hitRate(5));
    }

    @Test
    void transitionRowsAreProbabilitiesAndKeepOnlyTheHeaviestSuccessors() {
        RecallModelOptions options = RecallModelOptions.defaults().with("transitions.max-per-item", "3");
        SequentialRecallModel model = Fixtures.train(Fixtures.cycles(200, 30, 8, 2), Fixtures.ids(40), options);
        Transitions transitions = model.transitions();
        for (int item = 0; item < transitions.items(); item++) {
            int size = transitions.end(item) - transitions.start(item);
            assertTrue(size <= 3);
            double total = 0;
            for (int e = transitions.start(item); e < transitions.end(item); e++) {
                total += transitions.probability(e);
            }
            assertEquals(size == 0 ? 0 : 1, total, 1e-5);
        }
        int m5 = model.items().itemOf("m5").getAsInt();
        int m6 = model.items().itemOf("m6").getAsInt();
        int heaviest = transitions.start(m5);
        for (int e = transitions.start(m5); e < transitions.end(m5); e++) {
            heaviest = transitions.probability(e) > transitions.probability(heaviest) ? e : heaviest;
        }
        assertEquals(m6, transitions.column(heaviest));
    }

    @Test
    void interactionsWithObjectsWithoutSemanticIdsAreDroppedAndCounted() {
        ModelTrainer.Report report = ModelTrainer.train(List.of(List.of("m1", "ghost", "m2"), List.of("ghost")),
                Fixtures.ids(10), "tiny", RecallModelOptions.defaults()).report();
        assertEquals(2, report.droppedInteractions());
        assertEquals(2, report.interactions());
        assertEquals(10, report.items());
    }

    @Test
    void aCatalogueWithoutSemanticIdsIsRefused() {
        SemanticIdSet none = new SemanticIdSet(Fixtures.FORMAT, 1, "none", Map.of());
        assertThrows(IllegalArgumentException.class,
                () -> ModelTrainer.train(List.of(List.of("m1")), none, "tiny", RecallModelOptions.defaults()));
    }
}
