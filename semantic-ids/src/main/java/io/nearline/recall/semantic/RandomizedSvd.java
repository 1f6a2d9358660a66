package io.nearline.recall.semantic;

import java.util.SplittableRandom;

/**
 * Truncated eigen-decomposition of a symmetric sparse matrix by randomised range finding (Halko, Martinsson and
 * Tropp 2011): a few sparse products with a seeded Gaussian block, then an exact decomposition of a small matrix.
 * Fast on a couple of cores for catalogues of tens of thousands of objects.
 */
final class RandomizedSvd {

    private static final int OVERSAMPLING = 10;
    private static final int POWER_ITERATIONS = 3;

    private RandomizedSvd() {
    }

    /** Rows of {@code U_k sqrt(|S_k|)}: one {@code rank}-dimensional vector per row of the symmetric matrix. */
    static float[][] embed(SparseMatrix matrix, int rank, long seed) {
        int n = matrix.size;
        int width = Math.min(n, rank + OVERSAMPLING);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] block = new double[n][width];
        for (double[] row : block) {
            for (int j = 0; j < width; j++) {
                row[j] = gaussian(random);
            }
        }
        double[][] basis = orthonormalise(matrix.times(block));
        for (int i = 0; i < POWER_ITERATIONS; i++) {
            basis = orthonormalise(matrix.times(basis));
        }
        double[][] projected = matrix.times(basis);
        // small = Q^T A Q (width x width), symmetric because A is
        double[][] small = new double[width][width];
        for (int row = 0; row < n; row++) {
            for (int a = 0; a < width; a++) {
                double q = basis[row][a];
                for (int b = 0; b < width; b++) {
                    small[a][b] += q * projected[row][b];
                }
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(small);
        int kept = Math.min(rank, width);
        float[][] vectors = new float[n][rank];
        for (int row = 0; row < n; row++) {
            for (int k = 0; k < kept; k++) {
                int component = eigen.order()[k];
                double u = 0;
                for (int a = 0; a < width; a++) {
                    u += basis[row][a] * eigen.vectors()[a][component];
                }
                vectors[row][k] = (float) (u * Math.sqrt(Math.abs(eigen.values()[component])));
            }
        }
        return vectors;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Modified Gram-Schmidt on the columns; a column that collapses to zero stays zero. */
    private static double[][] orthonormalise(double[][] matrix) {
        int n = matrix.length;
        int width = matrix[0].length;
        for (int j = 0; j < width; j++) {
            for (int previous = 0; previous < j; previous++) {
                double dot = 0;
                for (double[] row : matrix) {
                    dot += row[j] * row[previous];
                }
                for (double[] row : matrix) {
                    row[j] -= dot * row[previous];
                }
            }
            double norm = 0;
            for (double[] row : matrix) {
                norm += row[j] * row[j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                matrix[i][j] = norm > 1e-12 ? matrix[i][j] / norm : 0;
            }
        }
        return matrix;
    }
}
