package io.nearline.recall.server;

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
}
