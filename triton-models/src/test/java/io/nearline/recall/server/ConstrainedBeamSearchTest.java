package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class ConstrainedBeamSearchTest {

    private static final ModelContext HISTORY = ModelContext.fromPrompt("recent: <a_1><b_2><c_3><d_4> <a_1><b_5><c_0><d_7>");

    @Test
    void everyResultIsAnIdOfTheTrieWhateverTheBeamWidth() {
        List<int[]> ids = FixtureSemanticIds.generate(500, 4, 8, 7);
        CodeTrie trie = CodeTrie.of(ids);
        Set<List<Integer>> inTrie = keys(ids);
        GenerativeRecallModel model = new FrequencyFixtureModel(8, 3);
        for (int width : new int[] {1, 7, 50, 300, 600}) {
            List<RecalledId> found = ConstrainedBeamSearch.search(model, HISTORY, trie, width, width, 4, () -> false);
            assertEquals(Math.min(width, 500), found.size(), "width " + width);
            for (RecalledId id : found) {
                assertTrue(inTrie.contains(key(id.codes())), "not in trie: " + id.text());
            }
            assertEquals(found.size(), keys(found.stream().map(RecalledId::codes).toList()).size(), "distinct");
            assertBestFirst(found);
        }
    }

    @Test
    void aBeamAsWideAsTheTrieFindsTheExhaustiveTopK() {
        List<int[]> ids = FixtureSemanticIds.generate(40, 3, 5, 11);
        CodeTrie trie = CodeTrie.of(ids);
        GenerativeRecallModel model = new FrequencyFixtureModel(5, 19);
        ModelContext context = ModelContext.fromPrompt("<a_1><b_2><c_3>" + render(ids.get(0)));
        List<RecalledId> exhaustive = exhaustive(model, context, trie, ids);

        List<RecalledId> found = ConstrainedBeamSearch.search(model, context, trie, 40, 10, 3, () -> false);

        assertEquals(10, found.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(exhaustive.get(i).text(), found.get(i).text(), "rank " + i);
            assertEquals(exhaustive.get(i).score(), found.get(i).score(), 1e-5, "rank " + i);
        }
    }

    @Test
    void itemsInThePromptRankFirstWithTheFrequencyFixture() {
        List<int[]> ids = new ArrayList<>(FixtureSemanticIds.generate(2000, 4, 16, 5));
        int[] seen = ids.get(123);
        CodeTrie trie = CodeTrie.of(ids);
        ModelContext context = ModelContext.fromPrompt("user saw " + render(seen) + " twice " + render(seen));
        List<RecalledId> found = ConstrainedBeamSearch.search(
                new FrequencyFixtureModel(16, 1), context, trie, 10, 10, 4, () -> false);
        assertEquals(render(seen), found.get(0).text());
    }

    @Test
    void idsOfDifferentLengthsFinishWhenComplete() {
        CodeTrie trie = CodeTrie.of(List.of(new int[] {0, 1}, new int[] {0, 1, 2}, new int[] {1, 0, 0}));
        List<RecalledId> found = ConstrainedBeamSearch.search(
                new UniformFixtureModel(3), HISTORY, trie, 10, 10, 3, () -> false);
        assertEquals(Set.of("<a_0><b_1>", "<a_0><b_1><c_2>", "<a_1><b_0><c_0>"),
                new HashSet<>(found.stream().map(RecalledId::text).toList()));
    }

    @Test
    void maxTokensBelowTheIdLengthFindsNothing() {
        CodeTrie trie = CodeTrie.of(FixtureSemanticIds.generate(50, 4, 8, 1));
        assertTrue(ConstrainedBeamSearch.search(new UniformFixtureModel(8), HISTORY, trie, 5, 5, 3, () -> false).isEmpty());
    }

    @Test
    void aCancelledSearchStopsBeforeTheNextStep() {
        CodeTrie trie = CodeTrie.of(FixtureSemanticIds.generate(50, 4, 8, 1));
        int[] steps = {0};
        assertThrows(CancellationException.class, () -> ConstrainedBeamSearch.search(
                new UniformFixtureModel(8), HISTORY, trie, 5, 5, 4, () -> steps[0]++ >= 2));
        assertEquals(3, steps[0]);
    }

    @Test
    void aModelWithTooFewLogitsIsAnError() {
        CodeTrie trie = CodeTrie.of(List.of(new int[] {9, 1}));
        assertThrows(IllegalStateException.class, () -> ConstrainedBeamSearch.search(
                new UniformFixtureModel(4), HISTORY, trie, 5, 5, 2, () -> false));
    }

    /** Scores every ID of the trie with the same constrained log-softmax the search uses. */
    private static List<RecalledId> exhaustive(GenerativeRecallModel model, ModelContext context, CodeTrie trie,
            List<int[]> ids) {
        List<RecalledId> scored = new ArrayList<>();
        for (int[] id : ids) {
            double score = 0;
            for (int position = 0; position < id.length; position++) {
                float[] logits = model.nextCodeLogits(context, new int[][] {Arrays.copyOf(id, position)}, 1, position)[0];
                double sum = 0;
                for (int code : trie.allowedNext(id, position)) {
                    sum += Math.exp(logits[code]);
                }
                score += logits[id[position]] - Math.log(sum);
            }
            scored.add(new RecalledId(id, (float) score));
        }
        scored.sort(Comparator.comparingDouble(RecalledId::score).reversed());
        return scored;
    }

    private static void assertBestFirst(List<RecalledId> found) {
        for (int i = 1; i < found.size(); i++) {
            assertTrue(found.get(i - 1).score() >= found.get(i).score(), "ordered at " + i);
        }
    }

    private static String render(int[] id) {
        return SemanticIdTokens.render(id, id.length);
    }

    private static Set<List<Integer>> keys(List<int[]> ids) {
        Set<List<Integer>> keys = new HashSet<>();
        ids.forEach(id -> keys.add(key(id)));
        return keys;
    }

    private static List<Integer> key(int[] id) {
        return Arrays.stream(id).boxed().toList();
    }
}
