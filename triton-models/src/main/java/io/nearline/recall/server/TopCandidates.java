package io.nearline.recall.server;

/**
 * The best {@code capacity} (beam, code, score) candidates of one decoding step, kept in a min-heap
 * of primitives so a step over 300 beams x 256 codes allocates nothing per candidate. Ties go to the
 * smaller (beam, code), which keeps results deterministic.
 */
final class TopCandidates {

    private final float[] scores;
    private final int[] beams;
    private final int[] codes;
    private int size;

    TopCandidates(int capacity) {
        scores = new float[capacity];
        beams = new int[capacity];
        codes = new int[capacity];
    }

    int size() {
        return size;
    }

    void offer(float score, int beam, int code) {
        if (size < scores.length) {
            set(size, score, beam, code);
            siftUp(size++);
        } else if (better(score, beam, code, 0)) {
            set(0, score, beam, code);
            siftDown(0);
        }
    }

    /** Empties the heap into the arrays, best first. */
    void drainBestFirst(float[] outScores, int[] outBeams, int[] outCodes) {
        for (int i = size - 1; i >= 0; i--) {
            outScores[i] = scores[0];
            outBeams[i] = beams[0];
            outCodes[i] = codes[0];
            size--;
            set(0, scores[size], beams[size], codes[size]);
            siftDown(0);
        }
    }

    private boolean better(float score, int beam, int code, int slot) {
        if (score != scores[slot]) {
            return score > scores[slot];
        }
        return beam != beams[slot] ? beam < beams[slot] : code < codes[slot];
    }

    private void siftUp(int slot) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!better(scores[parent], beams[parent], codes[parent], slot)) {
                return;
            }
            swap(slot, parent);
            slot = parent;
        }
    }

    private void siftDown(int slot) {
        while (true) {
            int worst = slot;
            for (int child = 2 * slot + 1; child <= 2 * slot + 2 && child < size; child++) {
                if (better(scores[worst], beams[worst], codes[worst], child)) {
                    worst = child;
                }
            }
            if (worst == slot) {
                return;
            }
            swap(slot, worst);
            slot = worst;
        }
    }

    private void set(int slot, float score, int beam, int code) {
        scores[slot] = score;
        beams[slot] = beam;
        codes[slot] = code;
    }

    private void swap(int a, int b) {
        float s = scores[a];
        int be = beams[a];
        int c = codes[a];
        set(a, scores[b], beams[b], codes[b]);
        set(b, s, be, c);
    }
}
