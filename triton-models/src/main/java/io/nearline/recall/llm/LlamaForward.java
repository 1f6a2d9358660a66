package io.nearline.recall.llm;

/**
 * The forward pass of a Hugging Face Llama in plain Java floats: RMSNorm, rotary positions (rotate_half form),
 * grouped-query causal attention, SwiGLU, pre-norm residual blocks, final norm. {@link #prefill} extends a prompt's
 * cache by some tokens; {@link #decode} runs one token for each beam of a batch over the shared prompt cache and the
 * beams' own cache. Thread-safe: all mutable state is in the caches and the caller's {@link Workspace}.
 */
public final class LlamaForward {

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final int hidden;
    private final int headDim;
    private final int kvDim;
    private final int qkvDim;
    private final int inter;
    private final Attention attention;
    /** cos and sin of position * inv_freq[i], [position][headDim / 2], computed in float as torch does. */
    private final float[] cos;
    private final float[] sin;

    public LlamaForward(LlamaConfig config, LlamaWeights weights) {
        this.config = config;
        this.weights = weights;
        this.hidden = config.hiddenSize();
        this.headDim = config.headDim();
        this.kvDim = config.kvDim();
        this.qkvDim = config.heads() * headDim + 2 * kvDim;
        this.inter = config.intermediateSize();
        this.attention = new Attention(config.heads(), config.heads() / config.kvHeads(), headDim, kvDim);
        int half = headDim / 2;
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / headDim));
        }
        cos = new float[config.maxPositions() * half];
        sin = new float[config.maxPositions() * half];
        for (int p = 0; p < config.maxPositions(); p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    /**
     * Runs {@code count} tokens from {@code tokens[from]} at positions {@code kv.length()...}, appending their keys
     * and values, and leaves the final-norm hidden state of the last one in {@code kv.lastHidden}.
     */
    public void prefill(int[] tokens, int from, int count, PromptKv kv, Workspace w) {
        int start = kv.length;
        if (start + count > Math.min(kv.capacity(), config.maxPositions())) {
            throw new IllegalArgumentException("prompt of " + (start + count) + " tokens exceeds the cache capacity "
                    + kv.capacity() + " or max_position_embeddings " + config.maxPositions());
        }
        if (count == 0) {
            return;
        }
        w.ensure(count, hidden, qkvDim, inter, start + count + 1);
        embed(tokens, from, count, w.x);
        for (int layer = 0; layer < weights.layers.length; layer++) {
            LlamaWeights.Layer l = weights.layers[layer];
            Kernels.rmsNorm(w.x, count, hidden, l.attentionNorm(), config.rmsNormEps(), w.normed);
            Kernels.multiply(w.normed, count, hidden, l.qkv(), qkvDim, w.qkv, false, w.tiles);
            for (int t = 0; t < count; t++) {
                int position = start + t;
                rotate(w.qkv, t * qkvDim, config.heads() + config.kvHeads(), position);
                System.arraycopy(w.qkv, t * qkvDim + hidden, kv.keys[layer], position * kvDim, kvDim);
                System.arraycopy(w.qkv, t * qkvDim + hidden + kvDim, kv.values[layer], position * kvDim, kvDim);
            }
            for (int t = 0; t < count; t++) {
                attention.attend(w.qkv, t * qkvDim, kv.keys[layer], kv.values[layer], start + t + 1, null, null, 0, 0,
                        w.attention, t * hidden, w.scores);
            }
            finishLayer(l, count, w);
        }
        kv.length = start + count;
        kv.lastHidden = new float[hidden];
        Kernels.rmsNorm(w.x, (count - 1) * hidden, 1, hidden, weights.finalNorm, config.rmsNormEps(),
                kv.lastHidden);
    }

    /**
     * One token per beam row: {@code tokens[r]} at position prompt length + beam steps, attending over the prompt
     * and row r's own earlier tokens. Appends to {@code beams} and returns the final-norm hidden states
     * [rows][hidden] in {@code w.normed}.
     */
    public float[] decode(int[] tokens, int rows, PromptKv prompt, BeamKv beams, Workspace w) {
        int step = beams.steps;
        int position = prompt.length + step;
        if (step >= beams.maxSteps() || position >= config.maxPositions()) {
            throw new IllegalArgumentException("decode step " + step + " at position " + position
                    + " exceeds the beam cache or max_position_embeddings");
        }
        w.ensure(rows, hidden, qkvDim, inter, prompt.length + step + 1);
        embed(tokens, 0, rows, w.x);
        int stride = beams.rowStride();
        for (int layer = 0; layer < weights.layers.length; layer++) {
            LlamaWeights.Layer l = weights.layers[layer];
            Kernels.rmsNorm(w.x, rows, hidden, l.attentionNorm(), config.rmsNormEps(), w.normed);
            Kernels.multiply(w.normed, rows, hidden, l.qkv(), qkvDim, w.qkv, false, w.tiles);
            for (int r = 0; r < rows; r++) {
                rotate(w.qkv, r * qkvDim, config.heads() + config.kvHeads(), position);
                int at = r * stride + step * kvDim;
                System.arraycopy(w.qkv, r * qkvDim + hidden, beams.keys[layer], at, kvDim);
                System.arraycopy(w.qkv, r * qkvDim + hidden + kvDim, beams.values[layer], at, kvDim);
                attention.attend(w.qkv, r * qkvDim, prompt.keys[layer], prompt.values[layer], prompt.length,
                        beams.keys[layer], beams.values[layer], r * stride, step + 1, w.attention, r * hidden,
                        w.scores);
            }
            finishLayer(l, rows, w);
        }
        beams.steps = step + 1;
        Kernels.rmsNorm(w.x, rows, hidden, weights.finalNorm, config.rmsNormEps(), w.normed);
        return w.normed;
    }

    /**
     * Logits of some tokens only, states[rows][hidden] times {@code headColumns} [hidden][columns] (from
     * {@link LlamaWeights#headColumns}): under a trie constraint only one level's code tokens can follow.
     */
    public float[] project(float[] states, int rows, float[] headColumns, int columns, Workspace w) {
        float[] logits = new float[rows * columns];
        Kernels.multiply(states, rows, hidden, headColumns, columns, logits, false, w.tiles);
        return logits;
    }

    /** Attention output projection, residual, post-attention norm, SwiGLU MLP, residual. */
    private void finishLayer(LlamaWeights.Layer l, int rows, Workspace w) {
        Kernels.multiply(w.attention, rows, hidden, l.output(), hidden, w.x, true, w.tiles);
        Kernels.rmsNorm(w.x, rows, hidden, l.mlpNorm(), config.rmsNormEps(), w.normed);
        Kernels.multiply(w.normed, rows, hidden, l.gateUp(), 2 * inter, w.gateUp, false, w.tiles);
        for (int r = 0; r < rows; r++) {
            int g = r * 2 * inter;
            int a = r * inter;
            for (int i = 0; i < inter; i++) {
                float gate = w.gateUp[g + i];
                w.activation[a + i] = gate / (1f + (float) Math.exp(-gate)) * w.gateUp[g + inter + i];
            }
        }
        Kernels.multiply(w.activation, rows, inter, l.down(), hidden, w.x, true, w.tiles);
    }

    private void embed(int[] tokens, int from, int count, float[] x) {
        for (int t = 0; t < count; t++) {
            int token = tokens[from + t];
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token " + token + " outside the vocabulary of " + config.vocabSize());
            }
            System.arraycopy(weights.embedding, token * hidden, x, t * hidden, hidden);
        }
    }

    /** Rotates the first {@code heads} head vectors (query heads then key heads) of one row in place. */
    private void rotate(float[] qkv, int offset, int heads, int position) {
        int half = headDim / 2;
        int table = position * half;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                float a = qkv[base + i];
                float b = qkv[base + half + i];
                float c = cos[table + i];
                float s = sin[table + i];
                qkv[base + i] = a * c - b * s;
                qkv[base + half + i] = b * c + a * s;
            }
        }
    }
}
