package io.nearline.recall.model;

/**
 * Per item, the probability of each item that follows it in training sequences: sparse rows (CSR), columns
 * ascending, each non-empty row summing to 1.
 */
final class Transitions {

    private final int[] rowStart;
    private final int[] columns;
    private final float[] probabilities;

    Transitions(int[] rowStart, int[] columns, float[] probabilities) {
        if (columns.length != probabilities.length || rowStart[rowStart.length - 1] != columns.length) {
            throw new IllegalArgumentException("rows, columns and probabilities disagree");
        }
        this.rowStart = rowStart;
        this.columns = columns;
        this.probabilities = probabilities;
    }

    int items() {
        return rowStart.length - 1;
    }

    int entries() {
        return columns.length;
    }

    int start(int item) {
        return rowStart[item];
    }

    int end(int item) {
        return rowStart[item + 1];
    }

    int column(int entry) {
        return columns[entry];
    }

    float probability(int entry) {
        return probabilities[entry];
    }

    int[] rowStarts() {
        return rowStart;
    }

    int[] columns() {
        return columns;
    }

    float[] probabilities() {
        return probabilities;
    }
}
