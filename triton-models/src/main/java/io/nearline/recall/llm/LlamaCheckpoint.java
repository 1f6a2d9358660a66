package io.nearline.recall.llm;

import io.nearline.recall.prompt.WordLevelTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recall LLM checkpoint folder in the Hugging Face layout (config.json, model.safetensors, tokenizer.json), loaded
 * and checked: every tensor named and shaped as the config says, the tokenizer's size equal to vocab_size, and the
 * semantic-ID code tokens of each level, which the decoder chooses among.
 */
public final class LlamaCheckpoint {

    private final Path folder;
    private final LlamaConfig config;
    private final LlamaForward forward;
    private final WordLevelTokenizer tokenizer;
    private final int[][] levelTokens;

    private LlamaCheckpoint(Path folder, LlamaConfig config, LlamaForward forward, WordLevelTokenizer tokenizer,
            int[][] levelTokens) {
        this.folder = folder;
        this.config = config;
        this.forward = forward;
        this.tokenizer = tokenizer;
        this.levelTokens = levelTokens;
    }

    /** Loads a folder; anything that does not fit is a {@link CheckpointException} naming the file and the reason. */
    public static LlamaCheckpoint load(Path folder) throws IOException {
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                throw new CheckpointException(folder + ": no " + name
                        + " (a checkpoint folder needs config.json, model.safetensors and tokenizer.json)");
            }
        }
        LlamaConfig config = LlamaConfig.read(folder.resolve("config.json"));
        WordLevelTokenizer tokenizer;
        try {
            tokenizer = WordLevelTokenizer.read(folder.resolve("tokenizer.json"));
        } catch (IOException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        if (tokenizer.vocabularySize() != config.vocabSize()) {
            throw new CheckpointException(folder + ": config.json vocab_size " + config.vocabSize()
                    + " but tokenizer.json has " + tokenizer.vocabularySize() + " tokens");
        }
        int[][] levels = levelTokens(tokenizer);
        if (config.semanticIdLevels() > 0 && levels.length != config.semanticIdLevels() + 1) {
            throw new CheckpointException(folder + ": semantic_id_levels " + config.semanticIdLevels()
                    + " but the tokenizer has " + levels.length + " code levels (collision level included)");
        }
        Path weightsFile = folder.resolve("model.safetensors");
        LlamaWeights weights = LlamaWeights.of(config, SafetensorsFile.read(weightsFile), weightsFile.toString());
        return new LlamaCheckpoint(folder, config, new LlamaForward(config, weights), tokenizer, levels);
    }

    /** Token ids of {@code <x_0>, <x_1>, ...} per level letter a, b, ..., each level up to its first missing code. */
    private static int[][] levelTokens(WordLevelTokenizer tokenizer) {
        List<int[]> levels = new ArrayList<>();
        for (char letter = 'a'; letter <= 'z'; letter++) {
            List<Integer> ids = new ArrayList<>();
            for (int code = 0; ; code++) {
                int id = tokenizer.id("<" + letter + "_" + code + ">");
                if (id < 0) {
                    break;
                }
                ids.add(id);
            }
            if (ids.isEmpty()) {
                break;
            }
            levels.add(ids.stream().mapToInt(Integer::intValue).toArray());
        }
        if (levels.isEmpty()) {
            throw new CheckpointException("tokenizer.json has no semantic-ID code tokens <a_0> ...");
        }
        return levels.toArray(new int[0][]);
    }

    public Path folder() {
        return folder;
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaForward forward() {
        return forward;
    }

    public WordLevelTokenizer tokenizer() {
        return tokenizer;
    }

    /** Code levels the tokenizer spells (the collision level included). */
    public int levels() {
        return levelTokens.length;
    }

    /** Token ids of the codes of {@code level}, indexed by code. */
    public int[] levelTokens(int level) {
        return levelTokens[level];
    }

    /** The model input for a prompt: BOS, then the prompt's tokens. */
    public int[] promptTokens(String prompt) {
        int[] text = tokenizer.encode(prompt);
        int[] tokens = new int[text.length + 1];
        tokens[0] = config.bosTokenId();
        System.arraycopy(text, 0, tokens, 1, text.length);
        return tokens;
    }
}
