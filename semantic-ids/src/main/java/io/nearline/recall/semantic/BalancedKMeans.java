package io.nearline.recall.semantic;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * K-means with k-means++ initialisation and capacity-bounded assignment, so that no code swallows a large share of
 * the catalogue (which would make long shared prefixes and a lopsided trie). Deterministic for a given seed.
 */
final class BalancedKMeans {

    /** Centroids and, for each input vector, the index of its centroid. */
    record Clustering(float[][] centroids, int[] assignment) {}

    private BalancedKMeans() {
    }

    /**
     * @param maxLoad a cluster takes at most {@code ceil(maxLoad * n / k)} vectors; 0 means no bound
     */
    static Clustering fit(float[][] points, int k, int iterations, double maxLoad, long seed) {
        int n = points.length;
        float[][] centroids = plusPlus(points, k, new SplittableRandom(seed));
        int capacity = maxLoad <= 0 ? n : (int) Math.max(1, Math.ceil(maxLoad * n / k));
        int[] assignment = null;
        for (int iteration = 0; iteration < iterations; iteration++) {
            int[] next = assign(points, centroids, capacity);
            boolean reseeded = reseedEmpty(points, centroids, next);
            boolean settled = assignment != null && !reseeded && Arrays.equals(assignment, next);
            assignment = next;
            updateMeans(points, centroids, assignment);
            if (settled) {
                break;
            }
        }
        return new Clustering(centroids, assignment);
    }

    static float squaredDistance(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    static int nearest(float[] point, float[][] centroids) {
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            float distance = squaredDistance(point, centroids[c]);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    private static float[][] plusPlus(float[][] points, int k, SplittableRandom random) {
        int n = points.length;
        float[][] centroids = new float[k][];
        centroids[0] = points[random.nextInt(n)].clone();
        double[] nearestDistance = new double[n];
        Arrays.fill(nearestDistance, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            float[] latest = centroids[c - 1];
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearestDistance[i] = Math.min(nearestDistance[i], squaredDistance(points[i], latest));
                total += nearestDistance[i];
            }
            // fewer distinct points than codes: the spare centroids copy the first and stay unused unless needed
            if (total <= 0) {
                centroids[c] = centroids[0].clone();
                continue;
            }
            double target = random.nextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                target -= nearestDistance[i];
                if (target < 0) {
                    chosen = i;
                    break;
                }
            }
            centroids[c] = points[chosen].clone();
        }
        return centroids;
    }

    /**
     * Greedy capacity-bounded assignment: vectors that would lose most by missing their nearest code (largest gap
     * to the second nearest) choose first; a vector whose nearest code is full takes its nearest code with room.
     */
    private static int[] assign(float[][] points, float[][] centroids, int capacity) {
        int n = points.length;
        int k = centroids.length;
        int[] best = new int[n];
        float[] regret = new float[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            float first = Float.POSITIVE_INFINITY;
            float second = Float.POSITIVE_INFINITY;
            int firstIndex = 0;
            for (int c = 0; c < k; c++) {
                float distance = squaredDistance(points[i], centroids[c]);
                if (distance < first) {
                    second = first;
                    first = distance;
                    firstIndex = c;
                } else if (distance < second) {
                    second = distance;
                }
            }
            best[i] = firstIndex;
            regret[i] = second - first;
        });
        if (capacity >= n) {
            return best;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byRegret = Float.compare(regret[b], regret[a]);
            return byRegret != 0 ? byRegret : Integer.compare(a, b);
        });
        int[] load = new int[k];
        int[] assignment = new int[n];
        for (int i : order) {
            int chosen = best[i];
            if (load[chosen] >= capacity) {
                chosen = nearestWithRoom(points[i], centroids, load, capacity);
            }
            assignment[i] = chosen;
            load[chosen]++;
        }
        return assignment;
    }

    private static int nearestWithRoom(float[] point, float[][] centroids, int[] load, int capacity) {
        int chosen = -1;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            if (load[c] >= capacity) {
                continue;
            }
            float distance = squaredDistance(point, centroids[c]);
            if (chosen < 0 || distance < bestDistance) {
                bestDistance = distance;
                chosen = c;
            }
        }
        return chosen;
    }

    /** An empty code takes the vector farthest from its centroid among codes holding two or more. */
    private static boolean reseedEmpty(float[][] points, float[][] centroids, int[] assignment) {
        int k = centroids.length;
        int[] load = new int[k];
        for (int a : assignment) {
            load[a]++;
        }
        boolean reseeded = false;
        for (int c = 0; c < k; c++) {
            if (load[c] > 0) {
                continue;
            }
            int farthest = -1;
            float farthestDistance = 0;
            for (int i = 0; i < points.length; i++) {
                if (load[assignment[i]] < 2) {
                    continue;
                }
                float distance = squaredDistance(points[i], centroids[assignment[i]]);
                if (distance > farthestDistance) {
                    farthestDistance = distance;
                    farthest = i;
                }
            }
            if (farthest < 0) {
                // every remaining vector sits on its centroid: nothing left to split
                return reseeded;
            }
            load[assignment[farthest]]--;
            assignment[farthest] = c;
            load[c] = 1;
            centroids[c] = points[farthest].clone();
            reseeded = true;
        }
        return reseeded;
    }

    private static void updateMeans(float[][] points, float[][] centroids, int[] assignment) {
        int dimension = points[0].length;
        double[][] sums = new double[centroids.length][dimension];
        int[] counts = new int[centroids.length];
        for (int i = 0; i < points.length; i++) {
            double[] sum = sums[assignment[i]];
            for (int d = 0; d < dimension; d++) {
                sum[d] += points[i][d];
            }
            counts[assignment[i]]++;
        }
        for (int c = 0; c < centroids.length; c++) {
            if (counts[c] == 0) {
                continue;
            }
            for (int d = 0; d < dimension; d++) {
                centroids[c][d] = (float) (sums[c][d] / counts[c]);
            }
        }
    }
}
