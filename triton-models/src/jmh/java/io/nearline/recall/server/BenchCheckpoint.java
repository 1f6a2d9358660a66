package io.nearline.recall.server;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.TinyCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A random checkpoint at the recall LLM's CPU size (the Python trainer's defaults: hidden 256, 4 layers, 8 query and
 * 2 key/value heads, SwiGLU 688, 4 levels of 256 codes plus 256 collision codes; about 2.8M parameters besides the
 * embedding): its speed is that of a trained one, its answers are not. {@code -Dbench.checkpoint=DIR} measures a
 * trained checkpoint instead.
 */
final class BenchCheckpoint {

    private BenchCheckpoint() {}

    /** System property naming a real checkpoint folder to measure instead of the random one. */
    static final String PROPERTY = "bench.checkpoint";

    static LlamaCheckpoint load() {
        String given = System.getProperty(PROPERTY, "");
        if (!given.isEmpty()) {
            try {
                return LlamaCheckpoint.load(Path.of(given));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Path folder = Files.createTempDirectory("bench-checkpoint");
            folder.toFile().deleteOnExit();
            LlamaCheckpoint checkpoint = LlamaCheckpoint.load(write(folder));
            for (String name : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
                Files.delete(folder.resolve(name));
            }
            return checkpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the random checkpoint's files into {@code folder} (for the ONNX exporter to read) and returns it. */
    static Path write(Path folder) throws IOException {
        TinyCheckpoint size = new TinyCheckpoint();
        size.hidden = 256;
        size.heads = 8;
        size.kvHeads = 2;
        size.intermediate = 688;
        size.layers = 4;
        size.levels = 4;
        size.codes = 256;
        size.collisionCodes = 256;
        size.maxPositions = 1024;
        size.tied = true;
        size.scale = 0.05f;
        size.codebookVersion = "1";
        return size.write(folder);
    }

    /**
     * A prompt in the job's layout of about 150 tokens (JD's setting): instruction, profile, 16 earlier ads,
     * interests, then 12 recent ads, over the given IDs.
     */
    static String prompt(java.util.List<int[]> ids, int offset) {
        StringBuilder text = new StringBuilder("Task: predict the next ad this user will click or convert on. Answer"
                + " with its semantic ID.\nUser: aged 25-34, female, region east\nEarlier ads:");
        for (int i = 0; i < 16; i++) {
            text.append(' ').append(render(ids.get(offset + i * 7)));
        }
        text.append("\nInterests: sports, shoes, books; ").append(render(ids.get(offset)).substring(0, 13));
        text.append("\nRecent ads:");
        for (int i = 0; i < 12; i++) {
            text.append(' ').append(render(ids.get(offset + 200 + i * 3))).append(i % 4 == 0 ? " (converted)" : "");
        }
        return text.toString();
    }

    private static String render(int[] id) {
        return SemanticIdTokens.render(id, id.length);
    }
}
