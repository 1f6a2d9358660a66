package io.nearline.recall.tradeoff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The non-personal recall the ad server falls back to for a user without a recall: the objects most clicked and
 * converted on in the history by users of the same ARPU segment, topped up from the whole history's. The segments
 * are fixed (not the rule set's tiers), so the same fallback applies to every rule set being compared.
 */
final class PopularityFallback {

    private final Map<String, Map<String, Long>> countsBySegment = new HashMap<>();
    private final Map<String, Long> overall = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private final int depth;

    PopularityFallback(int depth) {
        this.depth = depth;
    }

    void count(String segment, String objectId) {
        countsBySegment.computeIfAbsent(segment, s -> new HashMap<>()).merge(objectId, 1L, Long::sum);
        overall.merge(objectId, 1L, Long::sum);
        lists.clear();
    }

    /** The segment's list, best first; at most {@code depth} objects, fewer only when the history has fewer. */
    List<String> forSegment(String segment) {
        return lists.computeIfAbsent(segment, s -> {
            Set<String> list = new LinkedHashSet<>(top(countsBySegment.getOrDefault(s, Map.of())));
            for (String objectId : top(overall)) {
                if (list.size() >= depth) {
                    break;
                }
                list.add(objectId);
            }
            return List.copyOf(list);
        });
    }

    private List<String> top(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries.stream().limit(depth).map(Map.Entry::getKey).toList();
    }
}
