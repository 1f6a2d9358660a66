package io.nearline.recall.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Checks that semantic IDs keep similar objects together: whether an object's nearest neighbours by ID (those
 * sharing its longest prefix) share its category, against chance and against the nearest neighbour in the vector
 * space; and whether items users go on to choose share a prefix with the item before.
 */
public final class NeighbourQuality {

    /**
     * @param byPrefix          mean share of an object's longest-shared-prefix neighbours with its category
     * @param byVector          share of objects whose nearest vector (cosine) has its category
     * @param random            chance that another object has the same category
     * @param meanSharedPrefix  mean length of the longest prefix an object shares with any other
     */
    public record CategoryAgreement(int labelled, double byPrefix, double byVector, double random,
                                    double meanSharedPrefix) {}

    /**
     * @param sharesFirst  share of (previous, next) pairs whose IDs share the first code
     * @param sharesTwo    share sharing the first two codes
     * @param randomFirst  chance that two objects share the first code (sum of squared code shares)
     * @param randomTwo    chance that two objects share the first two codes
     */
    public record TransitionAgreement(int pairs, double sharesFirst, double sharesTwo, double randomFirst,
                                      double randomTwo) {}

    private NeighbourQuality() {
    }

    /** Objects with a null label are neither scored nor counted as neighbours. */
    public static CategoryAgreement categories(List<SemanticId> ids, List<String> labels, float[][] vectors) {
        List<Integer> labelled = IntStream.range(0, ids.size()).filter(i -> labels.get(i) != null).boxed().toList();
        int maxLength = ids.stream().mapToInt(SemanticId::length).max().orElse(0);
        List<Map<SemanticId, List<Integer>>> groups = new ArrayList<>();
        for (int length = 1; length <= maxLength; length++) {
            Map<SemanticId, List<Integer>> byPrefix = new HashMap<>();
            for (int i : labelled) {
                if (ids.get(i).length() >= length) {
                    byPrefix.computeIfAbsent(ids.get(i).prefix(length), p -> new ArrayList<>()).add(i);
                }
            }
            groups.add(byPrefix);
        }
        Map<String, Integer> labelCounts = new HashMap<>();
        labelled.forEach(i -> labelCounts.merge(labels.get(i), 1, Integer::sum));
        double byPrefix = 0;
        double random = 0;
        double sharedLength = 0;
        for (int i : labelled) {
            List<Integer> neighbours = labelled;
            int shared = 0;
            for (int length = ids.get(i).length(); length >= 1; length--) {
                List<Integer> group = groups.get(length - 1).get(ids.get(i).prefix(length));
                if (group != null && group.size() > 1) {
                    neighbours = group;
                    shared = length;
                    break;
                }
            }
            long same = neighbours.stream().filter(j -> j != i && labels.get(j).equals(labels.get(i))).count();
            byPrefix += (double) same / (neighbours.size() - 1);
            random += (labelCounts.get(labels.get(i)) - 1.0) / (labelled.size() - 1);
            sharedLength += shared;
        }
        double byVector = vectors == null ? Double.NaN : labelled.parallelStream().mapToDouble(i -> {
            int nearest = -1;
            float best = Float.NEGATIVE_INFINITY;
            for (int j : labelled) {
                float similarity = j == i ? Float.NEGATIVE_INFINITY : Vectors.dot(vectors[i], vectors[j]);
                if (similarity > best) {
                    best = similarity;
                    nearest = j;
                }
            }
            return labels.get(nearest).equals(labels.get(i)) ? 1 : 0;
        }).sum() / labelled.size();
        int n = labelled.size();
        return new CategoryAgreement(n, byPrefix / n, byVector, random / n, sharedLength / n);
    }

    /** Pairs are (previous object's ID, next object's ID); the chance rates come from all catalogue IDs. */
    public static TransitionAgreement transitions(List<SemanticId[]> pairs, List<SemanticId> catalogue) {
        int first = 0;
        int two = 0;
        for (SemanticId[] pair : pairs) {
            int shared = pair[0].sharedPrefixLength(pair[1]);
            first += shared >= 1 ? 1 : 0;
            two += shared >= 2 ? 1 : 0;
        }
        return new TransitionAgreement(pairs.size(), (double) first / pairs.size(), (double) two / pairs.size(),
                collisionChance(catalogue, 1), collisionChance(catalogue, 2));
    }

    private static double collisionChance(List<SemanticId> ids, int length) {
        Map<SemanticId, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id.prefix(length), 1, Integer::sum));
        double n = ids.size();
        return counts.values().stream().mapToDouble(c -> (c / n) * (c / n)).sum();
    }
}
