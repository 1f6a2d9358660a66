package io.nearline.recall.semantic;

/** A square sparse matrix in compressed rows, enough to multiply it by a tall dense matrix. */
final class SparseMatrix {

    final int size;
    final int[] rowStart;
    final int[] columns;
    final float[] values;

    SparseMatrix(int size, int[] rowStart, int[] columns, float[] values) {
        this.size = size;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
    }

    int nonZeros() {
        return columns.length;
    }

    /** This matrix times {@code dense} ({@code size x width}, row-major). */
    double[][] times(double[][] dense) {
        int width = dense[0].length;
        double[][] result = new double[size][width];
        java.util.stream.IntStream.range(0, size).parallel().forEach(row -> {
            double[] out = result[row];
            for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
                double value = values[k];
                double[] in = dense[columns[k]];
                for (int j = 0; j < width; j++) {
                    out[j] += value * in[j];
                }
            }
        });
        return result;
    }
}
