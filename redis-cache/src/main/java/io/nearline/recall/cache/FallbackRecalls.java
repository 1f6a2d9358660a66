package io.nearline.recall.cache;

/**
 * Where the non-personal fallback recall of each ARPU segment is stored: beside the users' recalls, in the same
 * layout, under an ID no user can have. User IDs may not hold braces (the job dead-letters them,
 * {@code validation.id-forbidden-characters}), so {@code {fallback}:gold} never names a user; in Redis Cluster the
 * braces also keep every segment's fallback in one slot.
 */
public final class FallbackRecalls {

    /** The prefix of a segment's fallback ID. */
    public static final String ID_PREFIX = "{fallback}:";

    private FallbackRecalls() {
    }

    /** The ID the fallback of {@code segment} is written and read under. */
    public static String idOf(String segment) {
        if (segment == null || segment.isBlank() || segment.chars().anyMatch(c -> c == '{' || c == '}'
                || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a fallback segment is a non-empty name without braces or spaces, was '"
                    + segment + "'");
        }
        return ID_PREFIX + segment;
    }
}
