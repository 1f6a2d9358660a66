package io.nearline.recall.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java forward pass against the Python reference model the checkpoint is trained with
 * ({@code model-repository/nearline_recall/llama_recall.py}): the same random checkpoint, the same tokens, logits
 * equal to float precision at the prompt's last token and at each decoded code. Skipped without torch or the file.
 */
class LlamaTorchReferenceTest {

    private static final Path REFERENCE = Path.of("model-repository/nearline_recall/llama_recall.py");

    /** Loads the reference from its file alone, reads our safetensors with the standard library, prints logits. */
    private static final String SCRIPT = String.join("\n",
            "import importlib.util, json, struct, sys, torch",
            "spec = importlib.util.spec_from_file_location('llama_recall', sys.argv[1])",
            "llama = importlib.util.module_from_spec(spec); spec.loader.exec_module(llama)",
            "folder, tokens = sys.argv[2], [int(t) for t in sys.argv[3].split(',')]",
            "config = llama.LlamaConfig.from_hf_dict(json.load(open(folder + '/config.json')))",
            "raw = open(folder + '/model.safetensors', 'rb').read()",
            "(n,) = struct.unpack('<Q', raw[:8]); header = json.loads(raw[8:8 + n]); header.pop('__metadata__', None)",
            "state = {k: torch.frombuffer(bytearray(raw[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]]),",
            "         dtype=torch.float32).reshape(v['shape']) for k, v in header.items()}",
            "model = llama.LlamaForCausalLM(config); model.load_state_dict(state, strict=False); model.eval()",
            "with torch.no_grad():",
            "    logits, _ = model(torch.tensor([tokens]))",
            "print(json.dumps(logits[0].tolist()))");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "tied embeddings: {0}")
    @ValueSource(booleans = {false, true})
    void javaLogitsEqualThePythonReference(boolean tied) throws Exception {
        assumeTrue(Files.isRegularFile(REFERENCE), "no " + REFERENCE.toAbsolutePath() + " in this tree");
        Optional<PythonRunner> python = PythonRunner.withModules("torch");
        assumeTrue(python.isPresent(), "no python3 with torch");
        TinyCheckpoint tiny = new TinyCheckpoint();
        tiny.tied = tied;
        LlamaCheckpoint checkpoint = LlamaCheckpoint.load(tiny.write(folder));
        int[] prompt = checkpoint.promptTokens("Task: predict the next ad\nUser: aged 25-34, books\n"
                + "Recent ads: <a_1><b_2><c_3> (converted) <a_5><b_0><c_7> x2 sports shoes");
        int[] codes = {checkpoint.levelTokens(0)[3], checkpoint.levelTokens(1)[5], checkpoint.levelTokens(2)[1]};
        int[] all = Arrays.copyOf(prompt, prompt.length + codes.length);
        System.arraycopy(codes, 0, all, prompt.length, codes.length);

        PythonRunner.Result run = python.get().run(120, "-c", SCRIPT, REFERENCE.toAbsolutePath().toString(),
                folder.toString(), Arrays.stream(all).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        assertEquals(0, run.exitCode(), run.output());
        String[] lines = run.output().strip().split("\n");
        JsonNode torch = new ObjectMapper().readTree(lines[lines.length - 1]);

        LlamaForward forward = checkpoint.forward();
        int hidden = checkpoint.config().hiddenSize();
        PromptKv kv = new PromptKv(checkpoint.config().layers(), checkpoint.config().kvDim(), prompt.length);
        Workspace w = new Workspace();
        forward.prefill(prompt, 0, prompt.length, kv, w);
        assertClose(torch.get(prompt.length - 1), logits(forward, kv.lastHidden, 0, hidden), "prompt's last token");
        BeamKv beams = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), codes.length);
        beams.reset(1);
        for (int step = 0; step < codes.length; step++) {
            float[] state = forward.decode(new int[] {codes[step]}, 1, kv, beams, w);
            assertClose(torch.get(prompt.length + step), logits(forward, state, 0, hidden), "code " + step);
        }
    }

    private static float[] logits(LlamaForward forward, float[] states, int row, int hidden) {
        float[] head = forward.weights().head;
        float[] out = new float[head.length / hidden];
        for (int v = 0; v < out.length; v++) {
            float sum = 0f;
            for (int i = 0; i < hidden; i++) {
                sum += states[row * hidden + i] * head[v * hidden + i];
            }
            out[v] = sum;
        }
        return out;
    }

    private static void assertClose(JsonNode expected, float[] actual, String where) {
        assertEquals(expected.size(), actual.length, where + ": vocabulary size");
        float worst = 0f;
        for (int v = 0; v < actual.length; v++) {
            float e = (float) expected.get(v).asDouble();
            worst = Math.max(worst, Math.abs(e - actual[v]) / (1f + Math.abs(e)));
        }
        assertEquals(0f, worst, 1e-4f, where + ": largest relative logit difference");
    }
}
