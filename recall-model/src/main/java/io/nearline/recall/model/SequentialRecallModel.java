package io.nearline.recall.model;

import io.nearline.recall.semantic.SemanticId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The generative recall model: the next item's semantic ID generated level by level, conditioned on the user's
 * recent items. Underneath is a sequential item model (item-to-item transitions from training sequences, weighted
 * by recency, backed off to popularity) whose next-item distribution is factorised over the semantic-ID prefix
 * tree. Immutable and safe for concurrent requests.
 */
public final class SequentialRecallModel {

    private final ModelHeader header;
    private final ItemCodes items;
    private final long[] popularityCounts;
    private final double[] popularity;
    private final double[] popularityCumulative;
    private final double unseenPopularity;
    private final Transitions transitions;
    private final RecallModelOptions options;

    /**
     * @param popularityCounts training occurrences per item (item order)
     */
    SequentialRecallModel(ModelHeader header, ItemCodes items, long[] popularityCounts, Transitions transitions) {
        if (popularityCounts.length != items.size() || transitions.items() != items.size()) {
            throw new IllegalArgumentException("items, popularity and transitions disagree on the item count");
        }
        this.header = header;
        this.items = items;
        this.transitions = transitions;
        this.popularityCounts = popularityCounts.clone();
        this.options = RecallModelOptions.of(header.options());
        double smoothing = options.popularitySmoothing();
        double total = smoothing * items.size();
        for (long count : popularityCounts) {
            total += count;
        }
        this.popularity = new double[items.size()];
        this.popularityCumulative = new double[items.size() + 1];
        for (int item = 0; item < items.size(); item++) {
            popularity[item] = (popularityCounts[item] + smoothing) / total;
            popularityCumulative[item + 1] = popularityCumulative[item] + popularity[item];
        }
        this.unseenPopularity = smoothing / total;
    }

    public ModelHeader header() {
        return header;
    }

    public ItemCodes items() {
        return items;
    }

    public RecallModelOptions options() {
        return options;
    }

    /** Training occurrences of an item. */
    long popularityCount(int item) {
        return popularityCounts[item];
    }

    Transitions transitions() {
        return transitions;
    }

    /** The next-item distribution for the user whose items the prompt names (see {@link PromptHistory}). */
    public NextItemDistribution predictFromPrompt(String prompt) {
        return predict(PromptHistory.read(prompt, options.itemLabels(), items.format()));
    }

    /** The next-item distribution after these IDs, oldest first; IDs the model does not know are ignored. */
    public NextItemDistribution predict(List<int[]> recentIds) {
        List<Integer> known = new ArrayList<>(recentIds.size());
        for (int[] codes : recentIds) {
            OptionalInt item = codes.length == 0 ? OptionalInt.empty() : items.itemOf(SemanticId.of(codes));
            item.ifPresent(known::add);
        }
        return predictItems(known.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The next-item distribution after these objects, oldest first; unknown objects are ignored. */
    public NextItemDistribution predictObjects(List<String> recentObjects) {
        return predictItems(recentObjects.stream().map(items::itemOf).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).toArray());
    }

    /**
     * P(next) = mix x popularity + (1 - mix) x sum_k w_k P(next | k-th most recent item) / sum_k w_k, with
     * w_k = decay^(k-1) over the last history.length items; an item never followed by anything in training
     * hands its weight to popularity, so the result always sums to 1.
     */
    NextItemDistribution predictItems(int[] history) {
        int from = Math.max(0, history.length - options.historyLength());
        double mix = options.popularityMix();
        if (from == history.length) {
            return distribution(1.0, new int[0], new double[1]);
        }
        double[] weights = new double[history.length - from];
        double weightSum = 0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = Math.pow(options.historyDecay(), k);
            weightSum += weights[k];
        }
        double popularityShare = mix;
        int entries = 0;
        for (int k = 0; k < weights.length; k++) {
            int item = history[history.length - 1 - k];
            entries += transitions.end(item) - transitions.start(item);
        }
        long[] keyed = new long[entries];
        double[] values = new double[entries];
        int size = 0;
        for (int k = 0; k < weights.length; k++) {
            int item = history[history.length - 1 - k];
            double share = (1 - mix) * weights[k] / weightSum;
            if (transitions.end(item) == transitions.start(item)) {
                popularityShare += share;
                continue;
            }
            for (int e = transitions.start(item); e < transitions.end(item); e++) {
                values[size] = share * transitions.probability(e);
                keyed[size] = ((long) transitions.column(e) << 32) | size;
                size++;
            }
        }
        Arrays.sort(keyed, 0, size);
        int[] sparseItems = new int[size];
        double[] cumulative = new double[size + 1];
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            int column = (int) (keyed[i] >>> 32);
            double value = values[(int) keyed[i]];
            if (distinct > 0 && sparseItems[distinct - 1] == column) {
                cumulative[distinct] += value;
            } else {
                sparseItems[distinct] = column;
                cumulative[distinct + 1] = cumulative[distinct] + value;
                distinct++;
            }
        }
        return distribution(popularityShare, Arrays.copyOf(sparseItems, distinct),
                Arrays.copyOf(cumulative, distinct + 1));
    }

    private NextItemDistribution distribution(double popularityShare, int[] sparseItems, double[] cumulative) {
        return new NextItemDistribution(items, popularity, popularityCumulative, unseenPopularity, popularityShare,
                sparseItems, cumulative);
    }
}
