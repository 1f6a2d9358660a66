package io.nearline.recall.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * One generative-recall call: the prompt for a user, how wide to search, how many beams to return,
 * how many tokens to generate, and how long the caller will wait for an answer (retries included).
 * {@link InferenceClientOptions#newRequest} fills the defaults.
 */
public record RecallRequest(
        String requestId,
        String userId,
        String prompt,
        int beamWidth,
        int returnedSequences,
        int maxTokens,
        Duration deadline) {

    public RecallRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(deadline, "deadline");
        if (beamWidth < 1) {
            throw new IllegalArgumentException("beamWidth must be at least 1, got " + beamWidth);
        }
        if (returnedSequences < 1 || returnedSequences > beamWidth) {
            throw new IllegalArgumentException(
                    "returnedSequences must be in [1, beamWidth=" + beamWidth + "], got " + returnedSequences);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, got " + deadline);
        }
    }

    /** The same request with another beam width and returned count, e.g. per user tier. */
    public RecallRequest withBeams(int newBeamWidth, int newReturnedSequences) {
        return new RecallRequest(
                requestId, userId, prompt, newBeamWidth, newReturnedSequences, maxTokens, deadline);
    }

    public RecallRequest withDeadline(Duration newDeadline) {
        return new RecallRequest(
                requestId, userId, prompt, beamWidth, returnedSequences, maxTokens, newDeadline);
    }
}
