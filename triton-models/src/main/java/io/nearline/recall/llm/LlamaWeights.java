package io.nearline.recall.llm;

import io.nearline.recall.llm.SafetensorsFile.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * The checkpoint's tensors laid out for the forward pass: every projection transposed to [in][out] so a product is
 * a run of contiguous multiply-adds the JIT vectorises, q/k/v and gate/up fused so each layer reads x once per pair.
 */
public final class LlamaWeights {

    /** One decoder layer. */
    record Layer(float[] attentionNorm, float[] qkv, float[] output, float[] mlpNorm, float[] gateUp, float[] down) {}

    final float[] embedding;
    final float[] head;
    final Layer[] layers;
    final float[] finalNorm;

    private LlamaWeights(float[] embedding, float[] head, Layer[] layers, float[] finalNorm) {
        this.embedding = embedding;
        this.head = head;
        this.layers = layers;
        this.finalNorm = finalNorm;
    }

    /** Checks every tensor's name and shape against the config (nothing missing, nothing extra) and lays them out. */
    public static LlamaWeights of(LlamaConfig config, Map<String, Tensor> tensors, String source) {
        int hidden = config.hiddenSize();
        int qDim = config.heads() * config.headDim();
        int kvDim = config.kvDim();
        int inter = config.intermediateSize();
        TreeSet<String> unused = new TreeSet<>(tensors.keySet());
        Shapes shapes = new Shapes(tensors, unused, source);
        float[] embedding = shapes.take("model.embed_tokens.weight", config.vocabSize(), hidden);
        float[] head = config.tiedEmbeddings() ? embedding
                : shapes.take("lm_head.weight", config.vocabSize(), hidden);
        Layer[] layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            float[] q = shapes.take(p + "self_attn.q_proj.weight", qDim, hidden);
            float[] k = shapes.take(p + "self_attn.k_proj.weight", kvDim, hidden);
            float[] v = shapes.take(p + "self_attn.v_proj.weight", kvDim, hidden);
            float[] o = shapes.take(p + "self_attn.o_proj.weight", hidden, qDim);
            float[] gate = shapes.take(p + "mlp.gate_proj.weight", inter, hidden);
            float[] up = shapes.take(p + "mlp.up_proj.weight", inter, hidden);
            float[] down = shapes.take(p + "mlp.down_proj.weight", hidden, inter);
            layers[i] = new Layer(shapes.take(p + "input_layernorm.weight", hidden),
                    transposeStacked(hidden, new float[][] {q, k, v}, new int[] {qDim, kvDim, kvDim}),
                    transposeStacked(qDim, new float[][] {o}, new int[] {hidden}),
                    shapes.take(p + "post_attention_layernorm.weight", hidden),
                    transposeStacked(hidden, new float[][] {gate, up}, new int[] {inter, inter}),
                    transposeStacked(inter, new float[][] {down}, new int[] {hidden}));
        }
        float[] finalNorm = shapes.take("model.norm.weight", hidden);
        if (!unused.isEmpty()) {
            throw new CheckpointException(source + ": unexpected tensors " + unused.stream().limit(5).toList()
                    + " for the config's " + config.layers() + " layers" + (config.tiedEmbeddings()
                    ? " with tie_word_embeddings" : ""));
        }
        return new LlamaWeights(embedding, head, layers, finalNorm);
    }

    /** Matrices [out_m][in] stacked along out, as one [in][sum of out_m] matrix. */
    private static float[] transposeStacked(int in, float[][] matrices, int[] outs) {
        int total = Arrays.stream(outs).sum();
        float[] t = new float[in * total];
        int column = 0;
        for (int m = 0; m < matrices.length; m++) {
            for (int o = 0; o < outs[m]; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * total + column + o] = matrices[m][o * in + i];
                }
            }
            column += outs[m];
        }
        return t;
    }

    /** The head rows of {@code tokens} as one [hidden][tokens] matrix: logits of just those tokens in one product. */
    public float[] headColumns(int[] tokens, int hidden) {
        float[] t = new float[hidden * tokens.length];
        for (int c = 0; c < tokens.length; c++) {
            for (int i = 0; i < hidden; i++) {
                t[i * tokens.length + c] = head[tokens[c] * hidden + i];
            }
        }
        return t;
    }

    /** Takes tensors by name, checking shapes and marking them used. */
    private record Shapes(Map<String, Tensor> tensors, TreeSet<String> unused, String source) {

        float[] take(String name, int... shape) {
            Tensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new CheckpointException(source + ": tensor " + name + " is missing");
            }
            if (!Arrays.equals(tensor.shape(), shape)) {
                throw new CheckpointException(source + ": " + name + " has shape " + Arrays.toString(tensor.shape())
                        + ", config.json implies " + Arrays.toString(shape));
            }
            unused.remove(name);
            return tensor.values();
        }
    }
}
