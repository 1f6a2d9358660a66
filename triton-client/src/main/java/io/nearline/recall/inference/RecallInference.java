package io.nearline.recall.inference;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@link RecallRequest}: the generated beams ordered by score (best first), the
 * model that produced them, and how many attempts the call took.
 */
public record RecallInference(
        String requestId,
        String userId,
        String modelName,
        String modelVersion,
        List<GeneratedBeam> beams,
        int attempts) {

    public RecallInference {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        beams = List.copyOf(beams);
    }
}
