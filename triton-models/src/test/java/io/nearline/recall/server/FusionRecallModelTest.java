package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.TinyCheckpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionRecallModelTest {

    @TempDir
    Path folder;

    @Test
    void addsTheWeightedPriorToEveryCodeButNotToTheEndColumn() throws Exception {
        TransformerRecallModel transformer = new TransformerRecallModel(
                LlamaCheckpoint.load(new TinyCheckpoint().write(folder)), null, TransformerRecallModelTest.RECENT_LABELS);
        GenerativeRecallModel prior = new FrequencyFixtureModel(8, 5);
        FusionRecallModel fusion = new FusionRecallModel(transformer, prior, 0.5f);
        ModelContext context = ModelContext.fromPrompt(TransformerRecallModelTest.replay().get(1));
        int[][] prefixes = {{5, 0}, {2, 6}};
        float[][] fused = fusion.nextCodeLogits(context, prefixes, 2, 2);
        float[][] llm = transformer.nextCodeLogits(ModelContext.fromPrompt(context.prompt()), prefixes, 2, 2);
        float[][] counts = prior.nextCodeLogits(context, prefixes, 2, 2);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(llm[r][c] + 0.5f * counts[r][c], fused[r][c], 1e-5f);
            }
            assertEquals(llm[r][8], fused[r][8], 0f, "the <eos> column has no prior");
        }
        assertTrue(fusion.scoresEnd());
        assertEquals("tiny-1+1", fusion.version());
    }

    @Test
    void weightZeroSearchesAsTheTransformerAlone() throws Exception {
        TransformerRecallModel transformer = new TransformerRecallModel(
                LlamaCheckpoint.load(new TinyCheckpoint().write(folder)), null, TransformerRecallModelTest.RECENT_LABELS);
        CodeTrie trie = CodeTrie.of(TransformerRecallModelTest.ids(3));
        String prompt = TransformerRecallModelTest.replay().get(0);
        List<RecalledId> alone = ConstrainedBeamSearch.search(transformer, ModelContext.fromPrompt(prompt), trie, 10,
                10, 4, () -> false);
        List<RecalledId> fused = ConstrainedBeamSearch.search(
                new FusionRecallModel(transformer, new FrequencyFixtureModel(8, 5), 0f), ModelContext.fromPrompt(prompt),
                trie, 10, 10, 4, () -> false);
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i).codes(), fused.get(i).codes());
        }
        assertThrows(IllegalArgumentException.class, () -> new FusionRecallModel(transformer, transformer, -1f));
    }
}
