package io.nearline.recall.semantic;

/** Small vector arithmetic shared by the embedders and the quality check. */
final class Vectors {

    private Vectors() {
    }

    /** The vector scaled to unit length; a zero vector stays zero. */
    static float[] normalised(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float[] unit = vector.clone();
        if (norm == 0) {
            return unit;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < unit.length; i++) {
            unit[i] *= scale;
        }
        return unit;
    }

    static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
