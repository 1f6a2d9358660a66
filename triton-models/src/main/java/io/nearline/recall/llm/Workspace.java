package io.nearline.recall.llm;

/** Scratch arrays of one thread's forward passes, grown on demand and reused, so steady state allocates nothing. */
public final class Workspace {

    float[] x = new float[0];
    float[] normed = new float[0];
    float[] qkv = new float[0];
    float[] attention = new float[0];
    float[] gateUp = new float[0];
    float[] activation = new float[0];
    float[] scores = new float[0];
    final Kernels.Tiles tiles = new Kernels.Tiles();

    void ensure(int rows, int hidden, int qkvDim, int inter, int keys) {
        x = grown(x, rows * hidden);
        normed = grown(normed, rows * hidden);
        qkv = grown(qkv, rows * qkvDim);
        attention = grown(attention, rows * hidden);
        gateUp = grown(gateUp, rows * 2 * inter);
        activation = grown(activation, rows * inter);
        scores = grown(scores, keys);
    }

    private static float[] grown(float[] array, int size) {
        return array.length >= size ? array : new float[Math.max(size, array.length * 3 / 2)];
    }
}
