package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vectors learned from behaviour, for objects without text: objects seen near each other in user sequences
 * (within a window) count as co-occurring; the counts become positive pointwise mutual information (PPMI, with the
 * 0.75 count smoothing of word2vec on both sides), and a randomised truncated SVD of that matrix gives each
 * object a dense vector.
 */
public final class CooccurrenceVectors implements VectorSource {

    private static final double CONTEXT_SMOOTHING = 0.75;

    private final Map<String, float[]> vectors;
    private final String description;

    private CooccurrenceVectors(Map<String, float[]> vectors, String description) {
        this.vectors = vectors;
        this.description = description;
    }

    /** Learns vectors for every object that occurs in the sequences, in order of first occurrence. */
    public static CooccurrenceVectors learn(Collection<List<String>> sequences, SemanticIdOptions options) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (List<String> sequence : sequences) {
            for (String object : sequence) {
                index.putIfAbsent(object, index.size());
            }
        }
        int window = options.behaviourWindow();
        int n = index.size();
        long[] pairs = countPairs(sequences, index, window);
        SparseMatrix ppmi = ppmi(pairs, n);
        float[][] embedded = RandomizedSvd.embed(ppmi, Math.min(options.behaviourDimensions(), Math.max(1, n - 1)),
                options.behaviourSeed());
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : index.entrySet()) {
            vectors.put(entry.getKey(), Vectors.normalised(embedded[entry.getValue()]));
        }
        String description = "behaviour co-occurrence PPMI+SVD window=" + window + " dimensions="
                + options.behaviourDimensions() + " seed=" + options.behaviourSeed();
        return new CooccurrenceVectors(vectors, description);
    }

    /** Both orders of every pair within the window, as {@code row * n + column}, sorted (one entry per sighting). */
    private static long[] countPairs(Collection<List<String>> sequences, Map<String, Integer> index, int window) {
        long n = index.size();
        long[] pairs = new long[1024];
        int size = 0;
        for (List<String> sequence : sequences) {
            int[] ids = sequence.stream().mapToInt(index::get).toArray();
            for (int i = 0; i < ids.length; i++) {
                for (int j = i + 1; j <= i + window && j < ids.length; j++) {
                    if (ids[i] == ids[j]) {
                        continue;
                    }
                    if (size + 2 > pairs.length) {
                        pairs = Arrays.copyOf(pairs, pairs.length * 2);
                    }
                    pairs[size++] = ids[i] * n + ids[j];
                    pairs[size++] = ids[j] * n + ids[i];
                }
            }
        }
        long[] sorted = Arrays.copyOf(pairs, size);
        Arrays.parallelSort(sorted);
        return sorted;
    }

    private static SparseMatrix ppmi(long[] pairs, int n) {
        int[] rowStart = new int[n + 1];
        int[] columns = new int[pairs.length];
        float[] counts = new float[pairs.length];
        int entries = 0;
        for (int i = 0; i < pairs.length; ) {
            int j = i;
            while (j < pairs.length && pairs[j] == pairs[i]) {
                j++;
            }
            int row = (int) (pairs[i] / n);
            columns[entries] = (int) (pairs[i] % n);
            counts[entries] = j - i;
            rowStart[row + 1]++;
            entries++;
            i = j;
        }
        for (int row = 0; row < n; row++) {
            rowStart[row + 1] += rowStart[row];
        }
        double[] rowTotal = new double[n];
        double[] contextWeight = new double[n];
        double total = 0;
        for (int row = 0; row < n; row++) {
            for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
                rowTotal[row] += counts[k];
            }
            total += rowTotal[row];
        }
        double contextTotal = 0;
        for (int column = 0; column < n; column++) {
            contextWeight[column] = Math.pow(rowTotal[column], CONTEXT_SMOOTHING);
            contextTotal += contextWeight[column];
        }
        float[] values = new float[entries];
        for (int row = 0; row < n; row++) {
            for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
                // smoothed on both sides so the matrix stays symmetric, as the eigen-decomposition needs
                double pmi = Math.log(counts[k] / total * contextTotal / contextWeight[row]
                        * contextTotal / contextWeight[columns[k]]);
                values[k] = (float) Math.max(0, pmi);
            }
        }
        return new SparseMatrix(n, rowStart, Arrays.copyOf(columns, entries), values);
    }

    /** Objects that have a vector, in order of first occurrence. */
    public Map<String, float[]> all() {
        return java.util.Collections.unmodifiableMap(vectors);
    }

    @Override
    public Optional<float[]> vectorOf(MarketingObject object) {
        return Optional.ofNullable(vectors.get(object.getObjectId()));
    }

    @Override
    public String describe() {
        return description;
    }
}
