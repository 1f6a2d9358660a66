package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.llm.TinyCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerRecallModelTest {

    static final FrozenPrefix RECENT_LABELS = new FrozenPrefix(List.of("Recent ads:", "Recent content:"));

    @TempDir
    Path folder;

    private LlamaCheckpoint checkpoint;
    private CodeTrie trie;

    /** 3-level IDs over 8 codes, a few extended by a collision code as semantic-ids does. */
    static List<int[]> ids(long seed) {
        Random random = new Random(seed);
        List<int[]> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int[] id = {random.nextInt(8), random.nextInt(8), random.nextInt(8)};
            ids.add(i % 10 == 0 ? new int[] {id[0], id[1], id[2], random.nextInt(4)} : id);
        }
        return ids;
    }

    /** One user's prompts as the job sends them: the frozen prefix stays, the recent part grows. */
    static List<String> replay() {
        String prefix = "Task: predict the next ad\nUser: aged 25-34, books\nEarlier ads: <a_1><b_2><c_3> <a_4><b_4><c_0>"
                + " (converted)\nInterests: sports, shoes";
        List<String> prompts = new ArrayList<>();
        StringBuilder recent = new StringBuilder("\nRecent ads:");
        for (String click : List.of(" <a_5><b_0><c_7>", " <a_2><b_6><c_1> x2", " <a_5><b_1><c_7> (converted)")) {
            recent.append(click);
            prompts.add(prefix + recent);
        }
        prompts.add(prefix);
        return prompts;
    }

    @BeforeEach
    void load() throws IOException {
        checkpoint = LlamaCheckpoint.load(new TinyCheckpoint().write(folder));
        trie = CodeTrie.of(ids(3));
    }

    private List<RecalledId> search(GenerativeRecallModel model, String prompt, int beams) {
        return ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(prompt), trie, beams, beams,
                trie.maxLength(), () -> false);
    }

    @Test
    void thePrefixCacheGivesIdenticalBeamsAndScoresWithFewerPrefillTokens() {
        TransformerRecallModel plain = new TransformerRecallModel(checkpoint, null, RECENT_LABELS);
        TransformerRecallModel cached = new TransformerRecallModel(checkpoint, new PrefixKvCache(1 << 20),
                RECENT_LABELS);
        for (String prompt : replay()) {
            List<RecalledId> expected = search(plain, prompt, 20);
            List<RecalledId> actual = search(cached, prompt, 20);
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).codes(), actual.get(i).codes(), prompt + " beam " + i);
                assertEquals(expected.get(i).score(), actual.get(i).score(), 0f, prompt + " beam " + i);
            }
        }
        PrefixKvCache.Stats stats = cached.cacheStats();
        assertEquals(1, stats.misses());
        assertEquals(replay().size() - 1, stats.hits());
        assertEquals(1, stats.entries());
        assertTrue(stats.bytes() > 0);
        assertTrue(cached.prefillTokens() < plain.prefillTokens() / 2,
                cached.prefillTokens() + " prefill tokens with the cache, " + plain.prefillTokens() + " without");
    }

    @Test
    void searchScoresAreTheModelsLogProbabilitiesOfEachIdScoredAlone() {
        TransformerRecallModel model = new TransformerRecallModel(checkpoint, null, RECENT_LABELS);
        String prompt = replay().get(1);
        List<RecalledId> found = search(model, prompt, 50);
        assertEquals(50, found.size());
        for (RecalledId id : found) {
            double score = 0;
            int[] codes = id.codes();
            for (int position = 0; position <= codes.length; position++) {
                int[] allowed = trie.allowedNext(codes, position);
                boolean canEnd = position > 0 && trie.isComplete(codes, position) && allowed.length > 0;
                if (position == codes.length && !canEnd) {
                    break;
                }
                // a fresh context each call: the model cannot continue a search, so it replays the prefix alone
                float[] logits = model.nextCodeLogits(ModelContext.fromPrompt(prompt),
                        new int[][] {java.util.Arrays.copyOf(codes, position)}, 1, position)[0];
                int end = logits.length - 1;
                double max = canEnd ? logits[end] : Double.NEGATIVE_INFINITY;
                for (int code : allowed) {
                    max = Math.max(max, logits[code]);
                }
                double sum = canEnd ? Math.exp(logits[end] - max) : 0;
                for (int code : allowed) {
                    sum += Math.exp(logits[code] - max);
                }
                score += (position == codes.length ? logits[end] : logits[codes[position]]) - max - Math.log(sum);
            }
            assertEquals(score, id.score(), 1e-4, id.text());
        }
    }

    @Test
    void aCompleteIdWithLongerSiblingsEndsOnlyByChoosingEos() {
        // <a_1><b_1><c_1> is whole and also the prefix of <a_1><b_1><c_1><d_0>: its score includes the <eos> step
        CodeTrie siblings = CodeTrie.of(List.of(new int[] {1, 1, 1}, new int[] {1, 1, 1, 0}, new int[] {1, 1, 2}));
        TransformerRecallModel model = new TransformerRecallModel(checkpoint, null, RECENT_LABELS);
        ModelContext context = ModelContext.fromPrompt(replay().get(0));
        List<RecalledId> found = ConstrainedBeamSearch.search(model, context, siblings, 3, 3, 4, () -> false);
        assertEquals(3, found.size());
        float[] atC = model.nextCodeLogits(ModelContext.fromPrompt(replay().get(0)), new int[][] {{1, 1, 1}}, 1, 3)[0];
        double end = atC[atC.length - 1];
        double d0 = atC[0];
        double logEnd = end - Math.log(Math.exp(end) + Math.exp(d0));
        RecalledId shorter = found.stream().filter(r -> r.codes().length == 3 && r.codes()[2] == 1).findFirst()
                .orElseThrow();
        RecalledId longer = found.stream().filter(r -> r.codes().length == 4).findFirst().orElseThrow();
        assertEquals(logEnd - (d0 - Math.log(Math.exp(end) + Math.exp(d0))), shorter.score() - longer.score(), 1e-4,
                "the two siblings share the prefix's score and split the last step between <eos> and <d_0>");
    }

    @Test
    void aBeamAsWideAsTheCatalogueFindsEveryId() {
        TransformerRecallModel model = new TransformerRecallModel(checkpoint, new PrefixKvCache(1 << 20),
                RECENT_LABELS);
        assertEquals(trie.size(), search(model, replay().get(0), 300).size());
    }

    @Test
    void aPromptLongerThanThePositionsKeepsBosAndTheNewestTokens() throws IOException {
        TinyCheckpoint small = new TinyCheckpoint();
        small.maxPositions = 24;
        LlamaCheckpoint shortContext = LlamaCheckpoint.load(small.write(folder.resolve("short")));
        TransformerRecallModel model = new TransformerRecallModel(shortContext, new PrefixKvCache(1 << 20),
                RECENT_LABELS);
        String prompt = replay().get(2);
        assertTrue(shortContext.promptTokens(prompt).length > 24);
        assertEquals(50, search(model, prompt, 50).size());
        assertEquals(24 - shortContext.levels(), model.prefillTokens(), "room left for one token per level");
        assertEquals(0, model.cacheStats().entries(), "a cut prompt has no frozen prefix to cache");
    }

    @Test
    void aPromptLongerThanTrainingsLimitIsCutAsTrainingCutIt() throws IOException {
        TinyCheckpoint limited = new TinyCheckpoint();
        limited.maxPromptTokens = 20;
        TransformerRecallModel model = new TransformerRecallModel(
                LlamaCheckpoint.load(limited.write(folder.resolve("limited"))), null, RECENT_LABELS);
        String prompt = replay().get(2);
        List<RecalledId> cut = search(model, prompt, 20);
        assertEquals(20, model.prefillTokens());
        // the same model fed only <bos> and the newest 19 tokens' text gives the same beams
        int[] tokens = checkpoint.promptTokens(prompt);
        String newest = String.join(" ", checkpoint.tokenizer().pieces(prompt)
                .subList(tokens.length - 1 - 19, tokens.length - 1));
        // the text of a cut inside an ID is no prompt the server would parse, so the context is made directly
        List<RecalledId> direct = ConstrainedBeamSearch.search(model, new ModelContext(newest, List.of()), trie, 20, 20,
                trie.maxLength(), () -> false);
        for (int i = 0; i < cut.size(); i++) {
            assertArrayEquals(direct.get(i).codes(), cut.get(i).codes());
            assertEquals(direct.get(i).score(), cut.get(i).score(), 0f);
        }
    }

    @Test
    void theFrozenPrefixEndsWhereTheRecentPartStarts() {
        String prompt = replay().get(0);
        assertEquals(prompt.indexOf("\nRecent ads:"), RECENT_LABELS.end(prompt));
        assertEquals(replay().get(3).length(), RECENT_LABELS.end(replay().get(3)), "no recent part: all prefix");
    }
}
