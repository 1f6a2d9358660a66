package io.nearline.recall.prompt;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The user's long-term interests as bounded counters (categories, semantic-ID prefixes) over the whole history,
 * including behaviours the budget has cut, and their top entries for the prompt. Each kind keeps at most twice
 * {@code prompt.summary.max-tracked} counters.
 */
public final class InterestSummary {

    private static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_KEY =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final PromptOptions options;

    public InterestSummary(PromptOptions options) {
        this.options = options;
    }

    /** Counts one shown behaviour. */
    public void count(PromptState state, String category, String semanticId) {
        if (category != null) {
            increment(state.categoryCounts, category);
        }
        String prefix = SidPrefix.of(semanticId, options.summaryPrefixLevels);
        if (prefix != null) {
            increment(state.prefixCounts, prefix);
        }
    }

    public List<String> topCategories(PromptState state) {
        return top(state.categoryCounts, options.summaryTopCategories);
    }

    public List<String> topPrefixes(PromptState state) {
        return top(state.prefixCounts, options.summaryTopPrefixes);
    }

    private void increment(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
        // Pruning in batches (at twice the cap, back to the cap) keeps the per-behaviour cost constant; the
        // survivors are the largest counts, ties to the smaller key, so replays agree.
        if (counts.size() > 2 * options.summaryMaxTracked) {
            List<String> keep = top(counts, options.summaryMaxTracked);
            counts.keySet().retainAll(new HashSet<>(keep));
        }
    }

    private static List<String> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(BY_COUNT_THEN_KEY).limit(n).map(Map.Entry::getKey).toList();
    }
}
