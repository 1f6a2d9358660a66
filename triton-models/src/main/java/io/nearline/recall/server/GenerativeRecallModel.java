package io.nearline.recall.server;

import io.nearline.recall.llm.PrefixKvCache;
import java.util.Optional;

/**
 * A generative recall model as the beam search sees it: next-code logits for a batch of beams
 * sharing one context. The search masks them to the codes the trie allows and normalises over those
 * (what a logits post-processor does in TensorRT-LLM), so models need not know the trie.
 * Implementations must be safe for concurrent requests.
 */
public interface GenerativeRecallModel {

    String name();

    String version();

    /**
     * Logits for the code at {@code position} after each of the first {@code count} prefixes (each of
     * length {@code position}); row {@code i} belongs to {@code prefixes[i]} and must be indexable by
     * every code the constraint can allow at that position.
     */
    float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position);

    /**
     * Whether each logits row ends with one more column, the logit of ending the ID here (the LLM's {@code <eos>}).
     * Then a beam on a complete ID that is also a prefix of longer ones (a collision-extended ID) ends only by
     * choosing it, as in the Python search the model is evaluated with; otherwise such an ID is finished for free.
     */
    default boolean scoresEnd() {
        return false;
    }

    /**
     * What runs the model's forward pass, for descriptions such as the demo summary's: empty where there is only
     * one way (the count model); the recall LLM's runtime ({@code server.transformer-runtime}).
     */
    default String runtime() {
        return "";
    }

    /**
     * Releases what the model holds outside the heap (an ONNX Runtime session). The server does not call it: a
     * model outlives the servers started over it (a restart on the same port), so its owner closes it last.
     */
    default void close() {}

    /** The prefix KV cache's counters when the model keeps one (the transformer's), for the server's metrics. */
    default Optional<PrefixKvCache.Stats> prefixCacheStats() {
        return Optional.empty();
    }
}
