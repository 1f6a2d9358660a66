package io.nearline.recall.llm;

/**
 * Scaled dot-product softmax attention of one token's query heads over a key/value history held in two parts (the
 * shared prompt, then a beam's own tokens), grouped-query: query head h reads key/value head h / group.
 */
final class Attention {

    private final int heads;
    private final int group;
    private final int headDim;
    private final int kvDim;
    private final float scale;

    Attention(int heads, int group, int headDim, int kvDim) {
        this.heads = heads;
        this.group = group;
        this.headDim = headDim;
        this.kvDim = kvDim;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** Four independent sums: C2 does not vectorise a float reduction, but it can overlap four of them. */
    private static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int d = 0;
        for (; d + 3 < length; d += 4) {
            s0 += a[aOffset + d] * b[bOffset + d];
            s1 += a[aOffset + d + 1] * b[bOffset + d + 1];
            s2 += a[aOffset + d + 2] * b[bOffset + d + 2];
            s3 += a[aOffset + d + 3] * b[bOffset + d + 3];
        }
        for (; d < length; d++) {
            s0 += a[aOffset + d] * b[bOffset + d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Softmax attention of every query head of one row over {@code promptLength} prompt keys then {@code ownLength}
     * keys of the row's own (beam) cache, written to {@code out[outOffset...]}.
     */
    void attend(float[] qkv, int rowOffset, float[] promptKeys, float[] promptValues, int promptLength,
            float[] ownKeys, float[] ownValues, int ownOffset, int ownLength, float[] out, int outOffset,
            float[] scores) {
        int total = promptLength + ownLength;
        for (int h = 0; h < heads; h++) {
            int q = rowOffset + h * headDim;
            int kvHead = (h / group) * headDim;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < total; j++) {
                float[] keys = j < promptLength ? promptKeys : ownKeys;
                int k = j < promptLength ? j * kvDim + kvHead : ownOffset + (j - promptLength) * kvDim + kvHead;
                scores[j] = dot(qkv, q, keys, k, headDim) * scale;
                max = Math.max(max, scores[j]);
            }
            float sum = 0f;
            for (int j = 0; j < total; j++) {
                scores[j] = (float) Math.exp(scores[j] - max);
                sum += scores[j];
            }
            int o = outOffset + h * headDim;
            java.util.Arrays.fill(out, o, o + headDim, 0f);
            for (int j = 0; j < total; j++) {
                float[] values = j < promptLength ? promptValues : ownValues;
                int v = j < promptLength ? j * kvDim + kvHead : ownOffset + (j - promptLength) * kvDim + kvHead;
                float p = scores[j] / sum;
                for (int d = 0; d < headDim; d++) {
                    out[o + d] += p * values[v + d];
                }
            }
        }
    }
}
