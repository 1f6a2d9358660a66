package io.nearline.recall.llm;

import java.nio.FloatBuffer;

/**
 * Moves one row of KV between a {@link PromptKv} (token-major: a token's heads side by side) and the head-major
 * layout of the ONNX export's past and present tensors ({@code [kv_heads][tokens][head_dim]} per layer), so the
 * {@link PrefixKvCache} holds prefixes computed by ONNX Runtime in the same type as those of the Java pass.
 */
public final class HeadMajorKv {

    private HeadMajorKv() {}

    /** A PromptKv of the first {@code length} tokens of head-major buffers holding exactly {@code length} tokens. */
    public static PromptKv toPromptKv(FloatBuffer[] keys, FloatBuffer[] values, int kvHeads, int headDim, int length) {
        int kvDim = kvHeads * headDim;
        PromptKv kv = new PromptKv(keys.length, kvDim, length);
        for (int layer = 0; layer < keys.length; layer++) {
            for (int h = 0; h < kvHeads; h++) {
                for (int t = 0; t < length; t++) {
                    int from = (h * length + t) * headDim;
                    keys[layer].get(from, kv.keys[layer], t * kvDim + h * headDim, headDim);
                    values[layer].get(from, kv.values[layer], t * kvDim + h * headDim, headDim);
                }
            }
        }
        kv.length = length;
        return kv;
    }

    /** Writes {@code kv}'s first {@code length} tokens head-major into buffers of room for that many. */
    public static void write(PromptKv kv, int length, FloatBuffer[] keys, FloatBuffer[] values, int kvHeads,
            int headDim) {
        if (length > kv.length) {
            throw new IllegalArgumentException(length + " tokens asked of a KV holding " + kv.length);
        }
        int kvDim = kvHeads * headDim;
        for (int layer = 0; layer < keys.length; layer++) {
            for (int h = 0; h < kvHeads; h++) {
                for (int t = 0; t < length; t++) {
                    int to = (h * length + t) * headDim;
                    keys[layer].put(to, kv.keys[layer], t * kvDim + h * headDim, headDim);
                    values[layer].put(to, kv.values[layer], t * kvDim + h * headDim, headDim);
                }
            }
        }
    }
}
