package io.nearline.recall.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCheckpointTest {

    @TempDir
    Path folder;

    @Test
    void loadsTheConfigTheTokenizerAndTheCodeLevels() throws IOException {
        TinyCheckpoint tiny = new TinyCheckpoint();
        LlamaCheckpoint checkpoint = LlamaCheckpoint.load(tiny.write(folder));
        assertEquals("tiny-1", checkpoint.config().modelVersion());
        assertEquals("1", checkpoint.config().codebookVersion());
        assertEquals(tiny.levels + 1, checkpoint.levels(), "the collision level is a level of its own");
        assertEquals(4, checkpoint.levelTokens(0)[0]);
        assertEquals(4 + tiny.codes + 3, checkpoint.levelTokens(1)[3]);
        assertEquals(tiny.collisionCodes, checkpoint.levelTokens(tiny.levels).length);
        int[] tokens = checkpoint.promptTokens("Recent ads:<a_1><b_2>");
        assertEquals(2, tokens[0], "the model input starts with <bos>");
        assertEquals(6, tokens.length);
    }

    @Test
    void aMissingTensorIsRefusedByName() throws IOException {
        TinyCheckpoint tiny = new TinyCheckpoint();
        tiny.write(folder);
        Map<String, float[][]> tensors = tiny.tensors();
        tensors.remove("model.layers.1.mlp.up_proj.weight");
        TinyCheckpoint.writeSafetensors(folder.resolve("model.safetensors"), tensors);
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlamaCheckpoint.load(folder));
        assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.weight is missing"), e.getMessage());
    }

    @Test
    void aMisShapedTensorIsRefusedWithBothShapes() throws IOException {
        TinyCheckpoint tiny = new TinyCheckpoint();
        tiny.write(folder);
        Map<String, float[][]> tensors = tiny.tensors();
        tensors.put("model.layers.0.self_attn.k_proj.weight", new float[tiny.hidden][tiny.hidden]);
        TinyCheckpoint.writeSafetensors(folder.resolve("model.safetensors"), tensors);
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlamaCheckpoint.load(folder));
        assertTrue(e.getMessage().contains("k_proj.weight has shape [32, 32], config.json implies [16, 32]"),
                e.getMessage());
    }

    @Test
    void anUnexpectedTensorIsRefused() throws IOException {
        TinyCheckpoint tiny = new TinyCheckpoint();
        tiny.tied = true;
        tiny.write(folder);
        Map<String, float[][]> tensors = tiny.tensors();
        tensors.put("lm_head.weight", new float[tiny.vocabSize()][tiny.hidden]);
        TinyCheckpoint.writeSafetensors(folder.resolve("model.safetensors"), tensors);
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlamaCheckpoint.load(folder));
        assertTrue(e.getMessage().contains("unexpected tensors [lm_head.weight]"), e.getMessage());
    }

    @Test
    void aTruncatedWeightsFileIsRefused() throws IOException {
        new TinyCheckpoint().write(folder);
        Path weights = folder.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlamaCheckpoint.load(folder));
        assertTrue(e.getMessage().contains("do not fit shape"), e.getMessage());
    }

    @Test
    void aFolderWithoutTheTokenizerIsRefused() throws IOException {
        new TinyCheckpoint().write(folder);
        Files.delete(folder.resolve("tokenizer.json"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlamaCheckpoint.load(folder));
        assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
    }
}
