package io.nearline.recall.prompt;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of prompt building, safe to share between threads: dictionary coverage (look-ups that found a text)
 * and fan-out (look-ups per prompt), prefix reuse, semantic-ID misses, prefix re-renders and budget cuts. The
 * Flink job exposes them as gauges.
 */
public final class PromptMetrics {

    private final LongAdder lookups = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final Map<String, LongAdder[]> byFeature = new ConcurrentHashMap<>();
    private final LongAdder objectLookups = new LongAdder();
    private final LongAdder unknownObjects = new LongAdder();
    private final LongAdder prompts = new LongAdder();
    private final LongAdder prefixRenders = new LongAdder();
    private final LongAdder budgetCuts = new LongAdder();
    private final LongAdder reusedTokens = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();

    void countLookup(String feature, boolean hit) {
        lookups.increment();
        LongAdder[] counts = byFeature.computeIfAbsent(feature, f -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[0].increment();
        if (hit) {
            hits.increment();
            counts[1].increment();
        }
    }

    void countObject(boolean known) {
        objectLookups.increment();
        if (!known) {
            unknownObjects.increment();
        }
    }

    void countPrompt() {
        prompts.increment();
    }

    void countPrefixRender() {
        prefixRenders.increment();
    }

    void countReuse(int reused, int tokens) {
        reusedTokens.add(reused);
        promptTokens.add(tokens);
    }

    /**
     * Prefix reuse ratio: of all tokens of prompts built by appends, the share identical to the same user's previous
     * prompt (token granularity; a KV-cache with blocks reuses somewhat less).
     */
    public double prefixReuse() {
        long t = promptTokens.sum();
        return t == 0 ? 0.0 : (double) reusedTokens.sum() / t;
    }

    /** Tokens counted as reused from the previous prompt, over all appends. */
    long reusedTokens() {
        return reusedTokens.sum();
    }

    void countBudgetCut() {
        budgetCuts.increment();
    }

    public long lookups() {
        return lookups.sum();
    }

    public long hits() {
        return hits.sum();
    }

    /** Share of dictionary look-ups that found a text; 1.0 before any look-up. */
    public double coverage() {
        long n = lookups.sum();
        return n == 0 ? 1.0 : (double) hits.sum() / n;
    }

    /** Coverage per feature, in feature order. */
    public Map<String, Double> coverageByFeature() {
        Map<String, Double> out = new TreeMap<>();
        byFeature.forEach((f, c) -> out.put(f, (double) c[1].sum() / Math.max(1, c[0].sum())));
        return out;
    }

    /** Dictionary look-ups per prompt built (appends that changed a prompt, profile updates). */
    public double fanOut() {
        long p = prompts.sum();
        return p == 0 ? 0.0 : (double) lookups.sum() / p;
    }

    public long prompts() {
        return prompts.sum();
    }

    public long objectLookups() {
        return objectLookups.sum();
    }

    public long unknownObjects() {
        return unknownObjects.sum();
    }

    public long prefixRenders() {
        return prefixRenders.sum();
    }

    public long budgetCuts() {
        return budgetCuts.sum();
    }
}
