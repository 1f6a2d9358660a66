package io.nearline.recall.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well a set of semantic IDs uses its codes: collisions before the extra code, and per level the share of
 * codes used, the normalised entropy of their use, the fullest code and the mean fan-out of the trie.
 */
public record CodeStatistics(int objects, int levels, int codes, int distinctBaseIds, int largestCollisionGroup,
                             List<Level> perLevel) {

    /**
     * @param usedShare   codes used at this level / codebook size
     * @param entropy     entropy of code use / log(codebook size): 1 when every code is used equally
     * @param largestCode the most objects holding one code at this level
     * @param fanOut      mean number of children of trie nodes at this depth
     */
    public record Level(int level, double usedShare, double entropy, int largestCode, double fanOut) {}

    public static CodeStatistics of(List<SemanticId> ids, int levels, int codes) {
        Map<SemanticId, Integer> groups = new HashMap<>();
        for (SemanticId id : ids) {
            groups.merge(id.prefix(Math.min(levels, id.length())), 1, Integer::sum);
        }
        List<Level> perLevel = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            int[] counts = new int[codes];
            Set<SemanticId> parents = new HashSet<>();
            Set<SemanticId> children = new HashSet<>();
            for (SemanticId id : ids) {
                counts[id.code(level)]++;
                children.add(id.prefix(level + 1));
                if (level > 0) {
                    parents.add(id.prefix(level));
                }
            }
            int used = 0;
            int largest = 0;
            double entropy = 0;
            for (int count : counts) {
                if (count > 0) {
                    used++;
                    double p = (double) count / ids.size();
                    entropy -= p * Math.log(p);
                }
                largest = Math.max(largest, count);
            }
            double fanOut = (double) children.size() / (level == 0 ? 1 : parents.size());
            perLevel.add(new Level(level + 1, (double) used / codes, entropy / Math.log(codes), largest, fanOut));
        }
        int largestGroup = groups.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new CodeStatistics(ids.size(), levels, codes, groups.size(), largestGroup, List.copyOf(perLevel));
    }

    /** Share of objects that needed an extra code: objects minus distinct base IDs, over objects. */
    public double collisionRate() {
        return objects == 0 ? 0 : (double) (objects - distinctBaseIds) / objects;
    }
}
