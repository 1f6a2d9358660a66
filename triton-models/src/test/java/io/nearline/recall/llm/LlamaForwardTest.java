package io.nearline.recall.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaForwardTest {

    @TempDir
    Path folder;

    private LlamaCheckpoint checkpoint;
    private LlamaForward forward;
    private int[] prompt;

    @BeforeEach
    void load() throws IOException {
        checkpoint = LlamaCheckpoint.load(new TinyCheckpoint().write(folder));
        forward = checkpoint.forward();
        prompt = checkpoint.promptTokens("Task: predict the next ad\nUser: aged 25-34\nRecent ads: <a_1><b_2><c_3>"
                + " (converted) <a_5><b_0><c_7> x2");
    }

    private PromptKv prefilled(int[] tokens, int... chunks) {
        PromptKv kv = new PromptKv(checkpoint.config().layers(), checkpoint.config().kvDim(), tokens.length + 8);
        Workspace w = new Workspace();
        int from = 0;
        for (int chunk : chunks) {
            forward.prefill(tokens, from, chunk, kv, w);
            from += chunk;
        }
        forward.prefill(tokens, from, tokens.length - from, kv, w);
        return kv;
    }

    @Test
    void aPromptPrefilledInPiecesGivesTheSameStateAsInOne() {
        PromptKv whole = prefilled(prompt);
        PromptKv pieces = prefilled(prompt, 7, 1, 5);
        assertArrayEquals(whole.lastHidden, pieces.lastHidden);
        for (int layer = 0; layer < whole.keys.length; layer++) {
            assertArrayEquals(whole.keys[layer], pieces.keys[layer]);
            assertArrayEquals(whole.values[layer], pieces.values[layer]);
        }
    }

    @Test
    void decodingATokenEqualsPrefillingThePromptWithIt() {
        int code = checkpoint.levelTokens(0)[3];
        PromptKv kv = prefilled(prompt);
        BeamKv beams = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 4);
        beams.reset(1);
        float[] decoded = Arrays.copyOf(forward.decode(new int[] {code}, 1, kv, beams, new Workspace()),
                checkpoint.config().hiddenSize());
        int[] extended = Arrays.copyOf(prompt, prompt.length + 1);
        extended[prompt.length] = code;
        assertArrayEquals(prefilled(extended).lastHidden, decoded, 1e-5f);
    }

    @Test
    void aBatchOfBeamsGivesEachBeamWhatItGetsAlone() {
        int hidden = checkpoint.config().hiddenSize();
        int[][] paths = {{1, 2}, {1, 5}, {7, 0}, {3, 3}};
        PromptKv kv = prefilled(prompt);
        Workspace w = new Workspace();
        BeamKv batch = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 4);
        batch.reset(paths.length);
        float[] together = null;
        for (int step = 0; step < 2; step++) {
            int[] tokens = new int[paths.length];
            for (int r = 0; r < paths.length; r++) {
                tokens[r] = checkpoint.levelTokens(step)[paths[r][step]];
            }
            together = forward.decode(tokens, paths.length, kv, batch, w).clone();
        }
        for (int r = 0; r < paths.length; r++) {
            BeamKv alone = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 4);
            alone.reset(1);
            float[] single = null;
            for (int step = 0; step < 2; step++) {
                single = forward.decode(new int[] {checkpoint.levelTokens(step)[paths[r][step]]}, 1, kv, alone,
                        new Workspace());
            }
            assertArrayEquals(Arrays.copyOf(single, hidden), Arrays.copyOfRange(together, r * hidden, (r + 1) * hidden),
                    "beam " + r);
        }
    }

    @Test
    void reorderingBeamsCarriesEachParentsCache() {
        int hidden = checkpoint.config().hiddenSize();
        PromptKv kv = prefilled(prompt);
        Workspace w = new Workspace();
        BeamKv beams = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 4);
        beams.reset(2);
        int[] first = {checkpoint.levelTokens(0)[1], checkpoint.levelTokens(0)[6]};
        forward.decode(first, 2, kv, beams, w);
        beams.reorder(new int[] {1, 1, 0}, 3);
        int b = checkpoint.levelTokens(1)[2];
        float[] reordered = forward.decode(new int[] {b, b, b}, 3, kv, beams, w).clone();
        assertArrayEquals(Arrays.copyOfRange(reordered, 0, hidden), Arrays.copyOfRange(reordered, hidden, 2 * hidden));
        BeamKv alone = new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 4);
        alone.reset(1);
        forward.decode(new int[] {first[0]}, 1, kv, alone, w);
        float[] parentZero = forward.decode(new int[] {b}, 1, kv, alone, w);
        assertArrayEquals(Arrays.copyOf(parentZero, hidden), Arrays.copyOfRange(reordered, 2 * hidden, 3 * hidden));
        assertEquals(2, beams.steps);
    }
}
