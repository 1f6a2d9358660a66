package io.nearline.recall.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a small random checkpoint folder in the Hugging Face Llama layout (config.json, F32 model.safetensors,
 * WordLevel tokenizer.json), as the Python trainer does, for tests of the Java reader and forward pass.
 */
public final class TinyCheckpoint {

    public static final List<String> WORDS = List.of("Task", ":", "predict", "the", "next", "ad", "User", "aged",
            "25", "-", "34", ",", "Recent", "ads", "Earlier", "content", "Interests", "(", "converted", ")", "x2",
            "sports", "shoes", "books");

    public int hidden = 32;
    public int heads = 4;
    public int kvHeads = 2;
    public int intermediate = 48;
    public int layers = 2;
    public int levels = 3;
    public int codes = 8;
    public int collisionCodes = 4;
    public int maxPositions = 512;
    public boolean tied = false;
    public float scale = 0.3f;
    public long seed = 7;
    public String modelVersion = "tiny-1";
    public String codebookVersion = "1";
    public int maxPromptTokens = 0;

    public int vocabSize() {
        return 4 + levels * codes + collisionCodes + WORDS.size();
    }

    /** Writes the three files into {@code folder} and returns it. */
    public Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        writeTokenizer(folder.resolve("tokenizer.json"));
        writeConfig(folder.resolve("config.json"));
        writeSafetensors(folder.resolve("model.safetensors"), tensors());
        return folder;
    }

    public Map<String, float[][]> tensors() {
        Random random = new Random(seed);
        int headDim = hidden / heads;
        int kv = kvHeads * headDim;
        Map<String, float[][]> t = new TreeMap<>();
        t.put("model.embed_tokens.weight", matrix(random, vocabSize(), hidden, scale * 3));
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            t.put(p + "self_attn.q_proj.weight", matrix(random, hidden, hidden, scale));
            t.put(p + "self_attn.k_proj.weight", matrix(random, kv, hidden, scale));
            t.put(p + "self_attn.v_proj.weight", matrix(random, kv, hidden, scale));
            t.put(p + "self_attn.o_proj.weight", matrix(random, hidden, hidden, scale));
            t.put(p + "mlp.gate_proj.weight", matrix(random, intermediate, hidden, scale));
            t.put(p + "mlp.up_proj.weight", matrix(random, intermediate, hidden, scale));
            t.put(p + "mlp.down_proj.weight", matrix(random, hidden, intermediate, scale));
            t.put(p + "input_layernorm.weight", norm(random));
            t.put(p + "post_attention_layernorm.weight", norm(random));
        }
        t.put("model.norm.weight", norm(random));
        if (!tied) {
            t.put("lm_head.weight", matrix(random, vocabSize(), hidden, scale));
        }
        return t;
    }

    private float[][] norm(Random random) {
        float[][] w = new float[1][hidden];
        for (int i = 0; i < hidden; i++) {
            w[0][i] = 1f + 0.2f * (float) random.nextGaussian();
        }
        return w;
    }

    private static float[][] matrix(Random random, int rows, int columns, float scale) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int i = 0; i < columns; i++) {
                row[i] = scale * (float) random.nextGaussian();
            }
        }
        return m;
    }

    private void writeConfig(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama").put("hidden_size", hidden).put("intermediate_size", intermediate)
                .put("num_hidden_layers", layers).put("num_attention_heads", heads)
                .put("num_key_value_heads", kvHeads).put("vocab_size", vocabSize())
                .put("max_position_embeddings", maxPositions).put("rms_norm_eps", 1e-5).put("rope_theta", 10000.0)
                .put("tie_word_embeddings", tied).put("bos_token_id", 2).put("eos_token_id", 3)
                .put("pad_token_id", 0).put("hidden_act", "silu").put("torch_dtype", "float32");
        c.putObject("nearline_recall").put("model_version", modelVersion).put("codebook_version", codebookVersion)
                .put("semantic_id_levels", levels).put("max_prompt_tokens", maxPromptTokens);
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), c);
    }

    private void writeTokenizer(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode vocab = json.createObjectNode();
        List<String> tokens = new ArrayList<>(List.of("<pad>", "<unk>", "<bos>", "<eos>"));
        for (int level = 0; level <= levels; level++) {
            for (int code = 0; code < (level < levels ? codes : collisionCodes); code++) {
                tokens.add("<" + (char) ('a' + level) + "_" + code + ">");
            }
        }
        for (int id = 0; id < tokens.size(); id++) {
            added.addObject().put("id", id).put("content", tokens.get(id)).put("special", id < 4);
            vocab.put(tokens.get(id), id);
        }
        for (String word : WORDS) {
            vocab.put(word, vocab.size());
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putObject("model").put("type", "WordLevel").put("unk_token", "<unk>").set("vocab", vocab);
        json.writeValue(file.toFile(), root);
    }

    /** The safetensors layout: header length (u64 LE), JSON header padded with spaces to 8 bytes, F32 LE data. */
    public static void writeSafetensors(Path file, Map<String, float[][]> tensors) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, float[][]> e : tensors.entrySet()) {
            float[][] m = e.getValue();
            long bytes = 4L * m.length * m[0].length;
            List<Integer> shape = m.length == 1 && e.getKey().endsWith("norm.weight")
                    ? List.of(m[0].length) : List.of(m.length, m[0].length);
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", shape, "data_offsets", List.of(offset, offset + bytes)));
            offset += bytes;
        }
        header.put("__metadata__", Map.of("format", "pt"));
        byte[] text = json.writeValueAsBytes(header);
        int padded = (text.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(text, 0, headerBytes, 0, text.length);
        java.util.Arrays.fill(headerBytes, text.length, padded, (byte) ' ');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (float[][] m : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(4 * m.length * m[0].length).order(ByteOrder.LITTLE_ENDIAN);
                for (float[] row : m) {
                    for (float v : row) {
                        data.putFloat(v);
                    }
                }
                out.write(data.array());
            }
        }
    }

}
