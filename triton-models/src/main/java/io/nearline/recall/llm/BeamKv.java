package io.nearline.recall.llm;

/**
 * Keys and values of the code tokens each beam generated so far, per layer, [row][step][kvDim]; the prompt's part
 * is shared in {@link PromptKv}, so a beam costs only its own few steps. Reordering to the surviving beams' parents
 * gathers rows into a spare buffer, so a search allocates nothing per step once it has grown.
 */
public final class BeamKv {

    private final int layers;
    private final int kvDim;
    private final int maxSteps;
    float[][] keys;
    float[][] values;
    private float[][] spareKeys;
    private float[][] spareValues;
    int rows;
    int steps;

    public BeamKv(int layers, int kvDim, int maxSteps) {
        this.layers = layers;
        this.kvDim = kvDim;
        this.maxSteps = maxSteps;
        keys = values = spareKeys = spareValues = new float[layers][0];
    }

    /** Empties the cache for {@code rows} fresh beams. */
    public void reset(int rows) {
        ensure(rows);
        this.rows = rows;
        this.steps = 0;
    }

    int rowStride() {
        return maxSteps * kvDim;
    }

    int maxSteps() {
        return maxSteps;
    }

    /** Row {@code r} becomes a copy of old row {@code parents[r]}, for the first {@code rows} rows. */
    public void reorder(int[] parents, int rows) {
        ensure(rows);
        int used = steps * kvDim;
        int stride = rowStride();
        for (int layer = 0; layer < layers; layer++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(keys[layer], parents[r] * stride, spareKeys[layer], r * stride, used);
                System.arraycopy(values[layer], parents[r] * stride, spareValues[layer], r * stride, used);
            }
        }
        float[][] k = keys;
        keys = spareKeys;
        spareKeys = k;
        float[][] v = values;
        values = spareValues;
        spareValues = v;
        this.rows = rows;
    }

    private void ensure(int rows) {
        int needed = rows * rowStride();
        if (keys[0].length >= needed) {
            return;
        }
        int size = Math.max(needed, keys[0].length * 2);
        float[][][] grown = new float[4][layers][];
        float[][][] old = {keys, values, spareKeys, spareValues};
        for (int which = 0; which < 4; which++) {
            for (int layer = 0; layer < layers; layer++) {
                grown[which][layer] = java.util.Arrays.copyOf(old[which][layer], size);
            }
        }
        keys = grown[0];
        values = grown[1];
        spareKeys = grown[2];
        spareValues = grown[3];
    }
}
