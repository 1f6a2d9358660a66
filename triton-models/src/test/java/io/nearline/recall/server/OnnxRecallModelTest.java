package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.llm.TinyCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX Runtime model as the server runs it: the prefix KV cache (a cached frozen prefix fed as the prefill's
 * past) changes no beam and prefills fewer tokens, and a prompt longer than the model's window is cut as the
 * plain-Java model cuts it, and searches on several threads at once over one session and one cache get the
 * beams they get alone. Skipped without a python3 with torch (the exporter).
 */
class OnnxRecallModelTest {

    private static final FrozenPrefix RECENT_LABELS = new FrozenPrefix(List.of("Recent ads:", "Recent content:"));

    @TempDir
    Path folder;

    private static List<RecalledId> search(GenerativeRecallModel model, String prompt, CodeTrie trie, int beams) {
        return ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(prompt), trie, beams, beams,
                trie.maxLength(), () -> false);
    }

    private static void assertSameBeams(List<RecalledId> expected, List<RecalledId> actual, float tolerance,
            String where) {
        assertEquals(expected.size(), actual.size(), where + ": IDs recalled");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).codes(), actual.get(i).codes(), where + ": ID at rank " + i);
            assertEquals(expected.get(i).score(), actual.get(i).score(),
                    tolerance * (1 + Math.abs(expected.get(i).score())), where + ": score at rank " + i);
        }
    }

    @Test
    void aCachedPrefixFedAsThePastChangesNoBeamAndPrefillsOnlyTheRest() throws Exception {
        LlamaCheckpoint checkpoint = ExportedTinyCheckpoint.write(new TinyCheckpoint(), folder);
        CodeTrie trie = CodeTrie.of(TransformerRecallModelTest.ids(3));
        Path export = OnnxExport.verified(checkpoint);
        try (OnnxLlama plainSession = new OnnxLlama(export, checkpoint.config(), 1);
                OnnxLlama cachedSession = new OnnxLlama(export, checkpoint.config(), 1)) {
            OnnxRecallModel plain = new OnnxRecallModel(checkpoint, plainSession);
            OnnxRecallModel cached = new OnnxRecallModel(checkpoint, cachedSession, new PrefixKvCache(1 << 20),
                    RECENT_LABELS);
            List<Long> plainTokens = new ArrayList<>();
            List<Long> cachedTokens = new ArrayList<>();
            for (String prompt : TransformerRecallModelTest.replay()) {
                long plainBefore = plain.prefillTokens();
                long cachedBefore = cached.prefillTokens();
                assertSameBeams(search(plain, prompt, trie, 20), search(cached, prompt, trie, 20), 1e-5f, prompt);
                plainTokens.add(plain.prefillTokens() - plainBefore);
                cachedTokens.add(cached.prefillTokens() - cachedBefore);
            }
            assertEquals(plainTokens.get(0), cachedTokens.get(0), "the first request prefills its whole prompt");
            for (int i = 1; i < plainTokens.size(); i++) {
                assertTrue(cachedTokens.get(i) < plainTokens.get(i) / 2, "request " + i + " prefilled "
                        + cachedTokens.get(i) + " tokens with the cache, " + plainTokens.get(i) + " without");
            }
            assertEquals(1, cachedTokens.get(3), "a prompt that is all prefix runs only its last token");
            PrefixKvCache.Stats stats = cached.cacheStats();
            assertEquals(1, stats.misses());
            assertEquals(TransformerRecallModelTest.replay().size() - 1, stats.hits());
            assertEquals(TransformerRecallModelTest.replay().size(), cached.prompts());
        }
    }

    @Test
    void aPromptLongerThanThePositionsIsCutAsThePlainJavaModelCutsIt() throws Exception {
        TinyCheckpoint small = new TinyCheckpoint();
        small.maxPositions = 24;
        LlamaCheckpoint checkpoint = ExportedTinyCheckpoint.write(small, folder);
        CodeTrie trie = CodeTrie.of(TransformerRecallModelTest.ids(3));
        String prompt = TransformerRecallModelTest.replay().get(2);
        assertTrue(checkpoint.promptTokens(prompt).length > 24);
        TransformerRecallModel java = new TransformerRecallModel(checkpoint, new PrefixKvCache(1 << 20),
                RECENT_LABELS);
        try (OnnxLlama session = new OnnxLlama(OnnxExport.verified(checkpoint), checkpoint.config(), 1)) {
            OnnxRecallModel onnx = new OnnxRecallModel(checkpoint, session, new PrefixKvCache(1 << 20),
                    RECENT_LABELS);
            assertSameBeams(search(java, prompt, trie, 50), search(onnx, prompt, trie, 50), 1e-4f, "cut prompt");
            assertEquals(24 - checkpoint.levels(), onnx.prefillTokens(), "room left for one token per level");
            assertEquals(java.prefillTokens(), onnx.prefillTokens());
            assertEquals(0, onnx.cacheStats().entries(), "a cut prompt has no frozen prefix to cache");
        }
    }

    @Test
    void searchesOnManyThreadsAtOnceOverOneSessionAndOneCacheGetTheBeamsOfOneAtATime() throws Exception {
        LlamaCheckpoint checkpoint = ExportedTinyCheckpoint.write(new TinyCheckpoint(), folder);
        CodeTrie trie = CodeTrie.of(TransformerRecallModelTest.ids(3));
        Path export = OnnxExport.verified(checkpoint);
        List<String> prompts = TransformerRecallModelTest.replay();
        try (OnnxLlama referenceSession = new OnnxLlama(export, checkpoint.config(), 1);
                OnnxLlama sharedSession = new OnnxLlama(export, checkpoint.config(), 1)) {
            OnnxRecallModel reference = new OnnxRecallModel(checkpoint, referenceSession);
            Map<String, List<RecalledId>> expected = new HashMap<>();
            for (String prompt : prompts) {
                expected.put(prompt, search(reference, prompt, trie, 20));
            }
            // as the server shares them: one session, one prefix cache, one search per inference thread
            OnnxRecallModel shared = new OnnxRecallModel(checkpoint, sharedSession, new PrefixKvCache(1 << 20),
                    RECENT_LABELS);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    List<String> order = new ArrayList<>(prompts);
                    Collections.shuffle(order, new Random(t));
                    runs.add(threads.submit(() -> {
                        for (int round = 0; round < 3; round++) {
                            for (String prompt : order) {
                                assertSameBeams(expected.get(prompt), search(shared, prompt, trie, 20), 1e-5f, prompt);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(120, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(4L * 3 * prompts.size(), shared.prompts());
        }
    }
}
