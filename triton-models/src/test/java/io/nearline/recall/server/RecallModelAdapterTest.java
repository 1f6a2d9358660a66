package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.model.ExactRanking;
import io.nearline.recall.model.NextItemDistribution;
import io.nearline.recall.model.SequentialRecallModel;
import io.nearline.recall.semantic.SemanticId;
import io.nearline.recall.semantic.SemanticIdTrie;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecallModelAdapterTest {

    private static final SequentialRecallModel MODEL = TrainedModelFixture.model();

    @Test
    void aBeamAsWideAsTheCatalogueFindsTheModelsExactTopItemsInOrder() {
        BeamSearchRanking beams = new BeamSearchRanking(MODEL, TrainedModelFixture.OBJECTS);
        ExactRanking exact = new ExactRanking(MODEL);
        for (List<String> history : List.of(List.of("m3", "m4"), List.of("m29"), List.<String>of(), List.of("m30", "m11"))) {
            assertEquals(exact.recommend(history, 10), beams.recommend(history, 10), "history " + history);
        }
    }

    @Test
    void theNextObjectOfTheCycleComesFirstThroughTheServingPath() {
        BeamSearchRanking beams = new BeamSearchRanking(MODEL, 10);
        assertEquals("m12", beams.recommend(List.of("m9", "m10", "m11"), 10).get(0));
    }

    @Test
    void searchScoresAreTheModelsItemLogProbabilities() {
        SemanticIdConstraint constraint = SemanticIdConstraint.of(BeamSearchRanking.trieOf(MODEL.items()), MODEL.items().format());
        String prompt = "Recent ads: " + TrainedModelFixture.render("m5") + " " + TrainedModelFixture.render("m6");
        List<RecalledId> found = ConstrainedBeamSearch.search(new RecallModelAdapter(MODEL), ModelContext.fromPrompt(prompt),
                constraint, 40, 5, constraint.maxLength(), () -> false);
        NextItemDistribution distribution = MODEL.predictFromPrompt(prompt);
        for (RecalledId id : found) {
            int item = MODEL.items().itemOf(SemanticId.of(id.codes())).getAsInt();
            assertEquals(Math.log(distribution.probability(item)), id.score(), 1e-4, id.text());
        }
    }

    @Test
    void theAdapterReadsTheAdLinesOfTheServingPromptAndReportsTheModelVersion() {
        RecallModelAdapter adapter = new RecallModelAdapter(MODEL);
        assertEquals("7", adapter.version());
        assertEquals("sequential-transition-recall", adapter.name());
        String prompt = "Task: predict the next ad.\nEarlier ads: " + TrainedModelFixture.render("m20")
                + "\nInterests: <a_1><b_0>\nRecent ads: " + TrainedModelFixture.render("m21") + " (converted)"
                + "\nRecent content: " + TrainedModelFixture.render("m2");
        float[][] fromPrompt = adapter.nextCodeLogits(ModelContext.fromPrompt(prompt), new int[][] {{}}, 1, 0);
        float[] fromItems = MODEL.predictObjects(List.of("m20", "m21")).nextCodeLogProbabilities(new int[0], 0);
        assertArrayEquals(fromItems, fromPrompt[0]);
    }

    @Test
    void theSemanticIdConstraintFollowsTheLatestTrie() {
        AtomicReference<SemanticIdTrie> live = new AtomicReference<>(SemanticIdTrie.empty().with(SemanticId.of(1, 2, 3), "x"));
        SemanticIdConstraint constraint = new SemanticIdConstraint(live::get, TrainedModelFixture.FORMAT);
        assertArrayEquals(new int[] {2}, constraint.allowedNext(new int[] {1}, 1));
        assertTrue(constraint.isComplete(new int[] {1, 2, 3}, 3));
        assertEquals(4, constraint.maxLength());
        live.set(live.get().with(SemanticId.of(1, 5, 0), "y").without(SemanticId.of(1, 2, 3)));
        assertArrayEquals(new int[] {5}, constraint.allowedNext(new int[] {1}, 1));
        assertTrue(!constraint.isComplete(new int[] {1, 2, 3}, 3));
    }
}
