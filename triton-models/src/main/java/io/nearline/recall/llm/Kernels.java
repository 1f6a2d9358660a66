package io.nearline.recall.llm;

/** The dense loops of the forward pass, written as contiguous multiply-adds that C2 turns into SIMD. */
final class Kernels {

    /**
     * Rows of x per pass over the weights, and output columns per tile: a tile of 16 rows x 256 outputs (16 KiB)
     * stays in L1 while the weights stream past once per 16 rows, so wide beams are compute-bound, not memory-bound.
     */
    static final int ROW_BLOCK = 16;
    static final int COLUMN_TILE = 256;

    /** One thread's tile buffers for {@link #multiply}. */
    static final class Tiles {
        final float[][] outputs = new float[ROW_BLOCK][COLUMN_TILE];
        final float[] weights = new float[COLUMN_TILE];
    }

    private Kernels() {}

    /**
     * y[rows][out] (+)= x[rows][in] * wT[in][out]. The inner loop is an axpy over a tile of outputs; it runs on
     * copies starting at index 0 because C2 (JDK 17) vectorises {@code y[o] += a * w[o]} but not two arrays at
     * different offsets, which it cannot prove do not alias: about 5x faster. Each output sums over i in order, so a
     * row's result does not depend on which other rows share its batch.
     */
    static void multiply(float[] x, int rows, int in, float[] wT, int out, float[] y, boolean accumulate,
            Tiles tiles) {
        if (!accumulate) {
            java.util.Arrays.fill(y, 0, rows * out, 0f);
        }
        float[] weights = tiles.weights;
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            for (int o0 = 0; o0 < out; o0 += COLUMN_TILE) {
                int length = Math.min(out, o0 + COLUMN_TILE) - o0;
                for (int r = r0; r < r1; r++) {
                    System.arraycopy(y, r * out + o0, tiles.outputs[r - r0], 0, length);
                }
                for (int i = 0; i < in; i++) {
                    System.arraycopy(wT, i * out + o0, weights, 0, length);
                    for (int r = r0; r < r1; r++) {
                        axpy(x[r * in + i], weights, tiles.outputs[r - r0], length);
                    }
                }
                for (int r = r0; r < r1; r++) {
                    System.arraycopy(tiles.outputs[r - r0], 0, y, r * out + o0, length);
                }
            }
        }
    }

    private static void axpy(float a, float[] x, float[] y, int length) {
        for (int o = 0; o < length; o++) {
            y[o] += a * x[o];
        }
    }

    /** out[r] = x[r] * rsqrt(mean(x[r]^2) + eps) * weight, for rows of x starting at row 0. */
    static void rmsNorm(float[] x, int rows, int dim, float[] weight, float eps, float[] out) {
        rmsNorm(x, 0, rows, dim, weight, eps, out);
    }

    /** The same over rows of x starting at {@code offset}, written to out from 0. */
    static void rmsNorm(float[] x, int offset, int rows, int dim, float[] weight, float eps, float[] out) {
        for (int r = 0; r < rows; r++) {
            int base = offset + r * dim;
            float squares = 0f;
            for (int i = 0; i < dim; i++) {
                squares += x[base + i] * x[base + i];
            }
            float inverse = (float) (1.0 / Math.sqrt(squares / dim + eps));
            int o = r * dim;
            for (int i = 0; i < dim; i++) {
                out[o + i] = x[base + i] * inverse * weight[i];
            }
        }
    }
}
