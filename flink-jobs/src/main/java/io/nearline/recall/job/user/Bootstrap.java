package io.nearline.recall.job.user;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The warm-start cut of {@code bootstrap.until}: before it, behaviours build state and fire nothing. */
public final class Bootstrap {

    /** No warm start: every behaviour may trigger. */
    public static final long NONE = Long.MIN_VALUE;

    private Bootstrap() {}

    /**
     * The cut in epoch milliseconds from an ISO-8601 instant or a number of epoch milliseconds; {@link #NONE}
     * for an empty value.
     *
     * @throws IllegalArgumentException naming the option, for a value that is neither
     */
    public static long untilMillis(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return NONE;
        }
        try {
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("bootstrap.until must be an ISO-8601 instant or epoch milliseconds, was '"
                    + value + "'");
        }
    }
}
