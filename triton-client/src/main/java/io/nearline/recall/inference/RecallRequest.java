package io.nearline.recall.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * One generative-recall call: the prompt for a user, how wide to search, how many beams to return,
 * how many tokens to generate, and how long the caller will wait for an answer (retries included).
 * {@link InferenceClientOptions#newRequest} fills the defaults. An experiment arm may send its calls to another
 * model: {@code modelName} and {@code modelVersion} name it, empty for the client's {@code triton.model-name} and
 * {@code triton.model-version}.
 */
public record RecallRequest(
        String requestId,
        String userId,
        String prompt,
        int beamWidth,
        int returnedSequences,
        int maxTokens,
        Duration deadline,
        String modelName,
        String modelVersion,
        int priority) {

    /** A request to the client's model. */
    public RecallRequest(String requestId, String userId, String prompt, int beamWidth, int returnedSequences,
                         int maxTokens, Duration deadline) {
        this(requestId, userId, prompt, beamWidth, returnedSequences, maxTokens, deadline, "", "", 0);
    }

    public RecallRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
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
        if (priority < 0) {
            throw new IllegalArgumentException("priority must be 0 (the server's default) or a level from 1, got " + priority);
        }
    }

    /** The same request with another beam width and returned count, e.g. per user tier. */
    public RecallRequest withBeams(int newBeamWidth, int newReturnedSequences) {
        return new RecallRequest(requestId, userId, prompt, newBeamWidth, newReturnedSequences, maxTokens, deadline,
                modelName, modelVersion, priority);
    }

    /** The same request to another model (an experiment arm's); empty name and version: the client's. */
    public RecallRequest withModel(String newModelName, String newModelVersion) {
        return new RecallRequest(requestId, userId, prompt, beamWidth, returnedSequences, maxTokens, deadline,
                newModelName, newModelVersion, priority);
    }

    public RecallRequest withDeadline(Duration newDeadline) {
        return new RecallRequest(requestId, userId, prompt, beamWidth, returnedSequences, maxTokens, newDeadline,
                modelName, modelVersion, priority);
    }

    /** The same request at another schedule-policy priority level (1 the highest; 0 the server's default). */
    public RecallRequest withPriority(int newPriority) {
        return new RecallRequest(requestId, userId, prompt, beamWidth, returnedSequences, maxTokens, deadline,
                modelName, modelVersion, newPriority);
    }
}
