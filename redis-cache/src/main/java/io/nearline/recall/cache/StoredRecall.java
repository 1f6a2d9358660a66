package io.nearline.recall.cache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One user's recall as read back from the store.
 *
 * @param objects highest score first
 * @param generatedAt when the inference produced it
 * @param eventTime event time of the newest behaviour it reflects
 * @param format layout version it was stored in
 * @param arm the experiment arm the user was in ({@value RecallKeys#DEFAULT_ARM} when stored without one)
 */
public record StoredRecall(
        String userId,
        List<StoredObject> objects,
        String modelVersion,
        String promptVersion,
        String rulesVersion,
        Instant generatedAt,
        Instant eventTime,
        int format,
        String arm) {

    public StoredRecall {
        Objects.requireNonNull(userId, "userId");
        objects = List.copyOf(objects);
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(promptVersion, "promptVersion");
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(arm, "arm");
    }
}
