package io.nearline.recall.llm;

/** The dense loops of the forward pass, written as contiguous multiply-adds that C2 turns into SIMD. */
final class Kernels {

    /** Rows of x per pass over a weight row: the rows' outputs stay in L1 while each weight row is read once. */
    private static final int ROW_BLOCK = 4;

    private Kernels() {}

    /**
     * y[rows][out] (+)= x[rows][in] * wT[in][out]. Walking wT row by row makes the inner loop an axpy over out,
     * which vectorises without reordering a floating-point sum.
     */
    static void multiply(float[] x, int rows, int in, float[] wT, int out, float[] y, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(y, 0, rows * out, 0f);
        }
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            for (int i = 0; i < in; i++) {
                int w = i * out;
                for (int r = r0; r < r1; r++) {
                    float xi = x[r * in + i];
                    int yb = r * out;
                    for (int o = 0; o < out; o++) {
                        y[yb + o] += xi * wT[w + o];
                    }
                }
            }
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
