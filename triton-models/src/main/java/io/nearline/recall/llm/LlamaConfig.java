package io.nearline.recall.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face Llama {@code config.json} the forward pass reads, plus the project's
 * {@code nearline_recall} block (model version, the semantic-ID codebook version it was trained on, levels, and the
 * prompt length it was trained with: longer prompts keep {@code <bos>} and their newest tokens; 0 means no limit).
 */
public record LlamaConfig(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads, int vocabSize,
        int maxPositions, float rmsNormEps, double ropeTheta, boolean tiedEmbeddings, int bosTokenId, int eosTokenId,
        String modelVersion, String codebookVersion, int semanticIdLevels, int maxPromptTokens) {

    public LlamaConfig {
        if (hiddenSize <= 0 || heads <= 0 || kvHeads <= 0 || layers <= 0 || intermediateSize <= 0 || vocabSize <= 0) {
            throw new CheckpointException("config.json: sizes must be positive");
        }
        if (hiddenSize % heads != 0 || heads % kvHeads != 0 || (hiddenSize / heads) % 2 != 0) {
            throw new CheckpointException("config.json: hidden_size " + hiddenSize + ", num_attention_heads " + heads
                    + ", num_key_value_heads " + kvHeads + " do not give an even head_dim shared by whole groups");
        }
    }

    public int headDim() {
        return hiddenSize / heads;
    }

    public int kvDim() {
        return kvHeads * headDim();
    }

    /** Reads config.json; a missing field or an unsupported variant (biases, rope scaling, other act) is refused. */
    public static LlamaConfig read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String dtype = root.path("torch_dtype").asText("float32");
        if (!dtype.equals("float32")) {
            throw new CheckpointException(file + ": torch_dtype " + dtype + ", only float32 is served on CPU");
        }
        if (!root.path("hidden_act").asText("silu").equals("silu") || root.path("attention_bias").asBoolean(false)
                || root.path("mlp_bias").asBoolean(false)
                || !(root.path("rope_scaling").isMissingNode() || root.path("rope_scaling").isNull())) {
            throw new CheckpointException(file + ": only silu, no biases and no rope_scaling are supported");
        }
        int hidden = required(file, root, "hidden_size").asInt();
        int heads = required(file, root, "num_attention_heads").asInt();
        if (root.has("head_dim") && root.get("head_dim").asInt() != hidden / heads) {
            throw new CheckpointException(file + ": head_dim must be hidden_size / num_attention_heads");
        }
        JsonNode recall = root.path("nearline_recall");
        return new LlamaConfig(hidden, required(file, root, "intermediate_size").asInt(),
                required(file, root, "num_hidden_layers").asInt(), heads,
                required(file, root, "num_key_value_heads").asInt(), required(file, root, "vocab_size").asInt(),
                required(file, root, "max_position_embeddings").asInt(),
                (float) required(file, root, "rms_norm_eps").asDouble(), required(file, root, "rope_theta").asDouble(),
                root.path("tie_word_embeddings").asBoolean(false), root.path("bos_token_id").asInt(2),
                root.path("eos_token_id").asInt(3), recall.path("model_version").asText(""),
                recall.path("codebook_version").asText(""), recall.path("semantic_id_levels").asInt(0),
                recall.path("max_prompt_tokens").asInt(0));
    }

    private static JsonNode required(Path file, JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new CheckpointException(file + ": no field " + field);
        }
        return node;
    }
}
