package io.nearline.recall.tradeoff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trade-off figures of one rule set on one or more logs: per tier of the rule set, and over all tiers.
 *
 * @param label         what was run, e.g. the rules version
 * @param tiers         per tier name, lowest tier first
 */
public record TradeOffRun(String label, Map<String, TierTally> tiers) {

    public TradeOffRun {
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
    }

    /** Every tier added up. */
    public TierTally overall() {
        TierTally all = new TierTally();
        tiers.values().forEach(all::add);
        return all;
    }

    /** This run and another of the same rules (another seed or log) as one: tallies of equal tiers are added. */
    public TradeOffRun plus(TradeOffRun other) {
        Map<String, TierTally> merged = new LinkedHashMap<>();
        for (Map<String, TierTally> source : java.util.List.of(tiers, other.tiers)) {
            source.forEach((name, tally) -> merged.computeIfAbsent(name, n -> new TierTally()).add(tally));
        }
        return new TradeOffRun(label, merged);
    }
}
