package io.nearline.recall.llm;

/**
 * Attention keys (already rotated) and values of a prompt's tokens, per layer, shared by every beam of a search;
 * and the final-norm hidden state of its last token, from which the first code is predicted.
 */
public final class PromptKv {

    final float[][] keys;
    final float[][] values;
    final int kvDim;
    int length;
    float[] lastHidden;

    public PromptKv(int layers, int kvDim, int capacity) {
        this.keys = new float[layers][capacity * kvDim];
        this.values = new float[layers][capacity * kvDim];
        this.kvDim = kvDim;
    }

    public int length() {
        return length;
    }

    /** Final-norm hidden state of the last token, null before any prefill. */
    public float[] lastHidden() {
        return lastHidden;
    }

    public int capacity() {
        return keys[0].length / kvDim;
    }

    /** A copy of the first {@link #length()} tokens with room for {@code capacity} tokens. */
    public PromptKv copy(int capacity) {
        if (capacity < length) {
            throw new IllegalArgumentException("capacity " + capacity + " below the " + length + " tokens held");
        }
        PromptKv copy = new PromptKv(keys.length, kvDim, capacity);
        for (int layer = 0; layer < keys.length; layer++) {
            System.arraycopy(keys[layer], 0, copy.keys[layer], 0, length * kvDim);
            System.arraycopy(values[layer], 0, copy.values[layer], 0, length * kvDim);
        }
        copy.length = length;
        copy.lastHidden = lastHidden == null ? null : lastHidden.clone();
        return copy;
    }

    /** Bytes of the arrays, what a cache of these is bounded by. */
    public long bytes() {
        return 2L * keys.length * keys[0].length * Float.BYTES + (lastHidden == null ? 0 : 4L * lastHidden.length);
    }
}
