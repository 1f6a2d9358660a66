package io.nearline.recall.cache.trace;

/**
 * What the recall store did with a traced recall: the writer's outcome ({@code WRITTEN}, {@code KEPT_NEWER},
 * {@code REJECTED}, {@code FAILED}), how long the write took including waits for Redis, and when it ended.
 */
public record StoreOutcome(String userId, String requestId, String outcome, long millis, long at) {

    private static final char SEPARATOR = '\t';

    String encode() {
        return requestId + SEPARATOR + outcome + SEPARATOR + millis + SEPARATOR + at;
    }

    /** The outcome stored for {@code userId}, or null when the text is not one. */
    static StoreOutcome decode(String userId, String text) {
        String[] parts = text.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new StoreOutcome(userId, parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
