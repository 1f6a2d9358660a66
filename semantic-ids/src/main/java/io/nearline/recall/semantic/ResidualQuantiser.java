package io.nearline.recall.semantic;

/**
 * Learns a residual k-means codebook from a catalogue's vectors: level 1 clusters the vectors, each later level
 * clusters what the earlier levels left (the residuals), so codes go from coarse to fine and similar objects share
 * prefixes.
 */
public final class ResidualQuantiser {

    /** The learned codebook and the codes it gave each training vector (balanced, so not always the nearest). */
    public record Training(Codebook codebook, int[][] codes) {}

    private ResidualQuantiser() {
    }

    public static Training train(float[][] vectors, SemanticIdOptions options, int version, String vectorSource) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("no vectors to learn a codebook from");
        }
        int n = vectors.length;
        int levels = options.levels();
        float[][] residuals = new float[n][];
        for (int i = 0; i < n; i++) {
            if (vectors[i].length != vectors[0].length) {
                throw new IllegalArgumentException("vector " + i + " has " + vectors[i].length
                        + " dimensions, vector 0 has " + vectors[0].length);
            }
            residuals[i] = vectors[i].clone();
        }
        float[][][] centroids = new float[levels][][];
        int[][] codes = new int[n][levels];
        for (int level = 0; level < levels; level++) {
            BalancedKMeans.Clustering clustering = BalancedKMeans.fit(residuals, options.codes(),
                    options.iterations(), options.maxLoad(), options.seed() + 31L * level);
            centroids[level] = clustering.centroids();
            for (int i = 0; i < n; i++) {
                int code = clustering.assignment()[i];
                codes[i][level] = code;
                float[] centroid = centroids[level][code];
                for (int d = 0; d < residuals[i].length; d++) {
                    residuals[i][d] -= centroid[d];
                }
            }
        }
        return new Training(new Codebook(version, vectorSource, centroids), codes);
    }
}
