package io.nearline.recall.cache;

import java.util.List;
import java.util.Objects;

/**
 * The documented Redis layout of the recall store (format 2): one STRING per user at {@code <prefix><userId>}, its
 * first line a fixed-width version header that the conditional write compares as text (see {@link RecallLayout}).
 * Format 1, one HASH per user with the fields below, is still read, so that recalls an older job wrote stay
 * served until they are replaced or expire.
 *
 * <p>The README describes the same layout for ad servers written in other languages; change both together
 * and bump {@link #FORMAT} when the meaning of a field changes.
 */
public final class RecallKeys {
    public static final String DEFAULT_PREFIX = "recall:";

    /** The layout version the writer stores, the first character of the value; a reader treats others as unknown. */
    public static final int FORMAT = 2;

    /** The layout of an older job: one HASH with the fields below; read, never written. */
    public static final int HASH_FORMAT = 1;

    /** Digits of each time in the version header: epoch milliseconds, zero-padded, so text order is time order. */
    public static final int TIME_DIGITS = 16;

    /** Characters of the version header: the format, TAB, event time, TAB, generated time (a LF follows). */
    public static final int HEADER_LENGTH = 1 + 1 + TIME_DIGITS + 1 + TIME_DIGITS;

    public static final String FORMAT_FIELD = "format";
    public static final String OBJECTS_FIELD = "objects";
    public static final String MODEL_VERSION_FIELD = "model_version";
    public static final String PROMPT_VERSION_FIELD = "prompt_version";
    public static final String RULES_VERSION_FIELD = "rules_version";
    /** Epoch milliseconds, decimal text. */
    public static final String GENERATED_AT_FIELD = "generated_at";
    /** Epoch milliseconds, decimal text. */
    public static final String EVENT_TIME_FIELD = "event_time";

    /** The experiment arm the user was in; optional: a hash without it (written before arms) reads as {@link #DEFAULT_ARM}. */
    public static final String ARM_FIELD = "arm";
    /** The arm of a recall stored without {@link #ARM_FIELD}: the implicit arm of rules without an experiment. */
    public static final String DEFAULT_ARM = "control";

    /** Every field a format-1 writer set, in the order it set them. */
    public static final List<String> FIELDS = List.of(FORMAT_FIELD, OBJECTS_FIELD, MODEL_VERSION_FIELD,
            PROMPT_VERSION_FIELD, RULES_VERSION_FIELD, GENERATED_AT_FIELD, EVENT_TIME_FIELD, ARM_FIELD);

    /** Separates the value's lines, and so the objects' entries; ids and versions may not contain it. */
    public static final char ENTRY_SEPARATOR = '\n';
    /** Separates the parts of a line (objectId, score and semanticId of an entry); ids and versions may not contain it. */
    public static final char FIELD_SEPARATOR = '\t';

    private RecallKeys() {}

    /** The key holding one user's recall. */
    public static String key(String prefix, String userId) {
        return Objects.requireNonNull(prefix, "prefix") + Objects.requireNonNull(userId, "userId");
    }
}
