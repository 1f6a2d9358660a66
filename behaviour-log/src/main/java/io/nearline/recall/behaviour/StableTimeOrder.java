package io.nearline.recall.behaviour;

/** The permutation that sorts events by time, keeping the input order of equal times (a stable merge sort). */
final class StableTimeOrder {

    private StableTimeOrder() {
    }

    /** Indices 0..size-1 ordered by {@code times[i]}, ties in ascending index. */
    static int[] of(long[] times, int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        int[] buffer = new int[size];
        for (int width = 1; width < size; width *= 2) {
            for (int lo = 0; lo < size - width; lo += 2 * width) {
                merge(times, order, buffer, lo, lo + width, Math.min(lo + 2 * width, size));
            }
        }
        return order;
    }

    private static void merge(long[] times, int[] order, int[] buffer, int lo, int mid, int hi) {
        if (times[order[mid - 1]] <= times[order[mid]]) {
            return;
        }
        System.arraycopy(order, lo, buffer, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            // Taking from the left run on ties is what keeps the sort stable.
            if (j >= hi || (i < mid && times[buffer[i]] <= times[buffer[j]])) {
                order[k] = buffer[i++];
            } else {
                order[k] = buffer[j++];
            }
        }
    }
}
