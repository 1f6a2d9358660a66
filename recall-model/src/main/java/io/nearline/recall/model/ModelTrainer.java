package io.nearline.recall.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/**
 * Trains a {@link SequentialRecallModel} from behaviour sequences: counts, within a window, which item follows which
 * (closer successors weigh more, the reverse direction a little), keeps the heaviest successors per item and
 * normalises them into transition probabilities; counts occurrences for popularity. Deterministic: the same
 * sequences, IDs and options give the same model, byte for byte.
 */
public final class ModelTrainer {

    /** What training did; interactions of objects without a semantic ID are dropped and counted. */
    public record Report(int sequences, long interactions, long droppedInteractions, int items,
                         int transitionEntries, double seconds) {}

    /** A trained model with its report. */
    public record Trained(SequentialRecallModel model, Report report) {}

    private ModelTrainer() {
    }

    /**
     * @param sequences per user, objectIds in time order
     * @param ids       the semantic IDs of every object the model may recall (the catalogue), not only those seen
     * @param dataName  what the sequences came from, recorded in the model file
     */
    public static Trained train(Collection<List<String>> sequences, SemanticIdSet ids, String dataName,
            RecallModelOptions options) {
        long start = System.nanoTime();
        ItemCodes items = ItemCodes.of(ids.format(), ids.ids());
        int n = items.size();
        if (n == 0) {
            throw new IllegalArgumentException("no object has a semantic ID: nothing to recall");
        }
        long[] counts = new long[n];
        long interactions = 0;
        long dropped = 0;
        List<int[]> itemSequences = new ArrayList<>(sequences.size());
        for (List<String> sequence : sequences) {
            int[] mapped = new int[sequence.size()];
            int size = 0;
            for (String objectId : sequence) {
                OptionalInt item = items.itemOf(objectId);
                if (item.isPresent()) {
                    mapped[size++] = item.getAsInt();
                    counts[item.getAsInt()]++;
                    interactions++;
                } else {
                    dropped++;
                }
            }
            itemSequences.add(Arrays.copyOf(mapped, size));
        }
        Transitions transitions = transitions(itemSequences, n, options);
        ModelHeader header = new ModelHeader(ModelFile.FORMAT_VERSION, options.modelVersion(), ids.version(),
                ids.source(), dataName, options.asMap());
        SequentialRecallModel model = new SequentialRecallModel(header, items, counts, transitions);
        Report report = new Report(sequences.size(), interactions, dropped, n, transitions.entries(),
                (System.nanoTime() - start) / 1e9);
        return new Trained(model, report);
    }

    private static Transitions transitions(List<int[]> sequences, int n, RecallModelOptions options) {
        int window = options.window();
        int classes = 2 * window;
        double[] classWeight = new double[classes];
        for (int distance = 1; distance <= window; distance++) {
            double weight = 1 / Math.pow(distance, options.distancePower());
            classWeight[2 * (distance - 1)] = weight;
            classWeight[2 * (distance - 1) + 1] = options.backwardWeight() * weight;
        }
        Math.multiplyExact(Math.multiplyExact((long) n, n), classes);
        long[] keys = pairKeys(sequences, n, window, options.backwardWeight() > 0);
        Arrays.parallelSort(keys);
        int[] rowStart = new int[n + 1];
        List<int[]> rowColumns = new ArrayList<>(n);
        List<double[]> rowWeights = new ArrayList<>(n);
        int at = 0;
        for (int row = 0; row < n; row++) {
            long rowEnd = (long) (row + 1) * n * classes;
            int[] columns = new int[16];
            double[] weights = new double[16];
            int size = 0;
            while (at < keys.length && keys[at] < rowEnd) {
                long pair = keys[at] / classes;
                int column = (int) (pair % n);
                if (size == 0 || columns[size - 1] != column) {
                    if (size == columns.length) {
                        columns = Arrays.copyOf(columns, size * 2);
                        weights = Arrays.copyOf(weights, size * 2);
                    }
                    columns[size] = column;
                    weights[size++] = 0;
                }
                weights[size - 1] += classWeight[(int) (keys[at] % classes)];
                at++;
            }
            int[] kept = strongest(weights, size, options.maxPerItem());
            int[] keptColumns = new int[kept.length];
            double[] keptWeights = new double[kept.length];
            for (int i = 0; i < kept.length; i++) {
                keptColumns[i] = columns[kept[i]];
                keptWeights[i] = weights[kept[i]];
            }
            rowColumns.add(keptColumns);
            rowWeights.add(keptWeights);
            rowStart[row + 1] = rowStart[row] + kept.length;
        }
        int[] columns = new int[rowStart[n]];
        float[] probabilities = new float[rowStart[n]];
        for (int row = 0; row < n; row++) {
            double total = 0;
            for (double weight : rowWeights.get(row)) {
                total += weight;
            }
            for (int i = 0; i < rowColumns.get(row).length; i++) {
                columns[rowStart[row] + i] = rowColumns.get(row)[i];
                probabilities[rowStart[row] + i] = (float) (rowWeights.get(row)[i] / total);
            }
        }
        return new Transitions(rowStart, columns, probabilities);
    }

    /** One key per sighting, {@code (from * n + to) * classes + class}, class = 2 x (distance - 1) + backward. */
    private static long[] pairKeys(List<int[]> sequences, int n, int window, boolean backward) {
        int classes = 2 * window;
        long[] keys = new long[1024];
        int size = 0;
        for (int[] sequence : sequences) {
            for (int i = 0; i < sequence.length; i++) {
                for (int j = i + 1; j <= i + window && j < sequence.length; j++) {
                    if (sequence[i] == sequence[j]) {
                        continue; // a repeat is mostly a duplicate click; the model recalls what comes next
                    }
                    if (size + 2 > keys.length) {
                        keys = Arrays.copyOf(keys, keys.length * 2);
                    }
                    int distanceClass = 2 * (j - i - 1);
                    keys[size++] = ((long) sequence[i] * n + sequence[j]) * classes + distanceClass;
                    if (backward) {
                        keys[size++] = ((long) sequence[j] * n + sequence[i]) * classes + distanceClass + 1;
                    }
                }
            }
        }
        return Arrays.copyOf(keys, size);
    }

    /** Indices of the {@code limit} largest weights (ties to the smaller index), ascending; all when limit is 0. */
    private static int[] strongest(double[] weights, int size, int limit) {
        if (limit == 0 || size <= limit) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Integer[] order = new Integer[size];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a])
                : Integer.compare(a, b));
        int[] kept = new int[limit];
        for (int i = 0; i < limit; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }
}
