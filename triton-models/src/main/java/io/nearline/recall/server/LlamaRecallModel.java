package io.nearline.recall.server;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the recall LLM's runtimes share: the checkpoint and its names, the prefix cache, and the count of prompt
 * tokens prefilled (not taken from the cache), which tells what the cache saves whatever runs the forward pass.
 */
abstract class LlamaRecallModel implements GenerativeRecallModel {

    final LlamaCheckpoint checkpoint;
    /** Null: no prefix cache. */
    final PrefixKvCache cache;
    final FrozenPrefix prefix;
    private final LongAdder prefillTokens = new LongAdder();
    private final LongAdder prompts = new LongAdder();

    LlamaRecallModel(LlamaCheckpoint checkpoint, PrefixKvCache cache, FrozenPrefix prefix) {
        this.checkpoint = checkpoint;
        this.cache = cache;
        this.prefix = prefix;
    }

    /** The token ids of a level's codes, then {@code <eos>}: the columns a search step scores, END last. */
    static int[] codesThenEnd(LlamaCheckpoint checkpoint, int level) {
        int[] codes = checkpoint.levelTokens(level);
        int[] tokens = Arrays.copyOf(codes, codes.length + 1);
        tokens[codes.length] = checkpoint.config().eosTokenId();
        return tokens;
    }

    public LlamaCheckpoint checkpoint() {
        return checkpoint;
    }

    /** The family, whatever runs it: clients and metrics name the model, the description names the runtime. */
    @Override
    public String name() {
        return TransformerRecallModel.MODEL_NAME;
    }

    @Override
    public String version() {
        return checkpoint.config().modelVersion();
    }

    /** Rows end with the {@code <eos>} logit: a collision-extended ID's shorter sibling ends by choosing it. */
    @Override
    public boolean scoresEnd() {
        return true;
    }

    /** Counts a prompt whose search starts, and the tokens it prefills. */
    void prefilled(boolean newPrompt, int tokens) {
        if (newPrompt) {
            prompts.increment();
        }
        prefillTokens.add(tokens);
    }

    /** Prompt tokens run through the model (not taken from the cache), over all requests. */
    public long prefillTokens() {
        return prefillTokens.sum();
    }

    /** Prompts prefilled, one per search. */
    public long prompts() {
        return prompts.sum();
    }

    /** The prefix cache's counters; all zero without a cache. */
    public PrefixKvCache.Stats cacheStats() {
        return cache == null ? new PrefixKvCache.Stats(0, 0, 0, 0, 0) : cache.stats();
    }

    @Override
    public Optional<PrefixKvCache.Stats> prefixCacheStats() {
        return cache == null ? Optional.empty() : Optional.of(cache.stats());
    }
}
