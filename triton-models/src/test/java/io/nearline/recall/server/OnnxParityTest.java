package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nearline.recall.llm.BeamKv;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.LlamaForward;
import io.nearline.recall.llm.PromptKv;
import io.nearline.recall.llm.TinyCheckpoint;
import io.nearline.recall.llm.Workspace;
import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ONNX export ({@code recall-model/llm/export_onnx.py}) under ONNX Runtime against the plain-Java forward pass
 * on the same random checkpoint: every logit of the prompt's last token and of three decode steps over a batch of
 * beams moved to different parents equal to 1e-4 (relative), and the constrained beam search over both returns the
 * same IDs in the same order with the same scores. Skipped without a python3 with torch (the exporter).
 */
class OnnxParityTest {

    private static final Path EXPORTER = PythonRunner.repositoryRoot().resolve("recall-model/llm/export_onnx.py");
    private static final String PROMPT = "Task: predict the next ad\nUser: aged 25-34, books\n"
            + "Recent ads: <a_1><b_2><c_3> (converted) <a_5><b_0><c_7> x2 sports shoes";

    @TempDir
    Path folder;

    private LlamaCheckpoint exported(boolean tied) throws Exception {
        assumeTrue(Files.isRegularFile(EXPORTER), "no " + EXPORTER + " in this tree");
        Optional<PythonRunner> python = PythonRunner.withModules("torch");
        assumeTrue(python.isPresent(), "no python3 with torch among " + PythonRunner.candidates());
        TinyCheckpoint tiny = new TinyCheckpoint();
        tiny.tied = tied;
        tiny.write(folder);
        PythonRunner.Result run = python.get().run(180, Map.of("OMP_NUM_THREADS", "1"), EXPORTER.toString(),
                "--checkpoint", folder.toString());
        assertEquals(0, run.exitCode(), run.output());
        return LlamaCheckpoint.load(folder);
    }

    @ParameterizedTest(name = "tied embeddings: {0}")
    @ValueSource(booleans = {false, true})
    void onnxRuntimeLogitsEqualTheJavaForwardPass(boolean tied) throws Exception {
        LlamaCheckpoint checkpoint = exported(tied);
        int vocab = checkpoint.config().vocabSize();
        LlamaForward forward = checkpoint.forward();
        float[] head = forward.weights().headColumns(IntStream.range(0, vocab).toArray(),
                checkpoint.config().hiddenSize());
        Workspace w = new Workspace();
        int[] prompt = checkpoint.promptTokens(PROMPT);
        PromptKv promptKv = new PromptKv(checkpoint.config().layers(), checkpoint.config().kvDim(), prompt.length);
        forward.prefill(prompt, 0, prompt.length, promptKv, w);

        try (OnnxLlama onnx = new OnnxLlama(folder.resolve("model.onnx"), checkpoint.config(), 1)) {
            OnnxKv kv = new OnnxKv(checkpoint.config().layers());
            onnx.prefill(prompt, kv);
            assertClose(forward.project(promptKv.lastHidden(), 1, head, vocab, w), kv, 0, vocab,
                    "the prompt's last token");

            int rows = 3;
            BeamKv beams = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 3);
            beams.reset(rows);
            int[][] parents = {{0, 0, 0}, {2, 0, 0}, {1, 1, 2}};
            int[][] codes = {{1, 4, 6}, {0, 7, 3}, {2, 2, 5}};
            for (int step = 0; step < 3; step++) {
                int[] tokens = new int[rows];
                for (int r = 0; r < rows; r++) {
                    tokens[r] = checkpoint.levelTokens(step)[codes[step][r]];
                }
                beams.reorder(parents[step], rows);
                float[] states = forward.decode(tokens, rows, promptKv, beams, w);
                kv.gather(parents[step], rows, checkpoint.config().kvDim());
                onnx.decode(tokens, rows, kv);
                assertClose(forward.project(states, rows, head, vocab, w), kv, 0, vocab, "decode step " + step);
            }
        }
    }

    @ParameterizedTest(name = "beam width {0}")
    @ValueSource(ints = {4, 16})
    void constrainedSearchOverOnnxRuntimeRecallsWhatThePlainJavaOneDoes(int width) throws Exception {
        LlamaCheckpoint checkpoint = exported(false);
        CodeTrie trie = CodeTrie.of(TransformerRecallModelTest.ids(3));  // a tenth collision-extended: <eos> scored too
        FrozenPrefix prefix = new FrozenPrefix(List.of("Recent ads:", "Recent content:"));
        List<RecalledId> java = ConstrainedBeamSearch.search(new TransformerRecallModel(checkpoint, null, prefix),
                ModelContext.fromPrompt(PROMPT), trie, width, width, trie.maxLength(), () -> false);
        try (OnnxLlama onnx = new OnnxLlama(folder.resolve("model.onnx"), checkpoint.config(), 1)) {
            List<RecalledId> ort = ConstrainedBeamSearch.search(new OnnxRecallModel(checkpoint, onnx),
                    ModelContext.fromPrompt(PROMPT), trie, width, width, trie.maxLength(), () -> false);
            assertEquals(java.size(), ort.size(), "IDs recalled");
            for (int i = 0; i < java.size(); i++) {
                assertArrayEquals(java.get(i).codes(), ort.get(i).codes(), "ID at rank " + i);
                assertEquals(java.get(i).score(), ort.get(i).score(), 1e-4f * (1 + Math.abs(java.get(i).score())),
                        "score at rank " + i);
            }
        }
    }

    private static void assertClose(float[] expected, OnnxKv kv, int offset, int vocab, String where) {
        float worst = 0f;
        for (int i = 0; i < expected.length; i++) {
            float actual = kv.logits.get(offset + i);
            worst = Math.max(worst, Math.abs(expected[i] - actual) / (1f + Math.abs(expected[i])));
        }
        assertEquals(0f, worst, 1e-4f, where + ": largest relative logit difference over " + expected.length
                / vocab + " row(s)");
    }
}
