package io.nearline.recall.semantic;

/**
 * A learned residual-quantisation codebook: for each level, the centroids of that level's residuals. Versioned:
 * IDs are only comparable within one version; a rebuild makes a new one.
 */
public final class Codebook {

    private final int version;
    private final String vectorSource;
    private final float[][][] centroids;

    /**
     * @param vectorSource what made the vectors (model and text keys, or behaviour settings); new objects must be
     *                     embedded the same way
     * @param centroids    {@code [level][code][dimension]}
     */
    public Codebook(int version, String vectorSource, float[][][] centroids) {
        if (version < 1) {
            throw new IllegalArgumentException("codebook versions start at 1, was " + version);
        }
        if (centroids.length == 0 || centroids[0].length == 0 || centroids[0][0].length == 0) {
            throw new IllegalArgumentException("a codebook needs at least one level, code and dimension");
        }
        this.version = version;
        this.vectorSource = vectorSource;
        this.centroids = centroids;
    }

    public int version() {
        return version;
    }

    public String vectorSource() {
        return vectorSource;
    }

    public int levels() {
        return centroids.length;
    }

    public int codes() {
        return centroids[0].length;
    }

    public int dimension() {
        return centroids[0][0].length;
    }

    /** The centroid of one code; callers must not change it. */
    float[] centroid(int level, int code) {
        return centroids[level][code];
    }

    /** The codes of a new vector: the nearest centroid at each level, on what earlier levels left unexplained. */
    public int[] quantise(float[] vector) {
        if (vector.length != dimension()) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, codebook " + dimension());
        }
        float[] residual = vector.clone();
        int[] codes = new int[levels()];
        for (int level = 0; level < levels(); level++) {
            int code = BalancedKMeans.nearest(residual, centroids[level]);
            codes[level] = code;
            float[] centroid = centroids[level][code];
            for (int d = 0; d < residual.length; d++) {
                residual[d] -= centroid[d];
            }
        }
        return codes;
    }
}
