package io.nearline.recall.cache;

import static io.nearline.recall.cache.RecallKeys.ENTRY_SEPARATOR;
import static io.nearline.recall.cache.RecallKeys.FIELD_SEPARATOR;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Encodes a {@link RecallResult} into the stored value of {@link RecallKeys} and decodes it back; no I/O. */
public final class RecallLayout {
    private static final Comparator<StoredObject> BEST_FIRST =
            Comparator.comparingDouble(StoredObject::score).reversed();

    private RecallLayout() {}

    /** The outcome of decoding a stored hash: a recall, or the reason it cannot be used. */
    public record Decoded(StoredRecall recall, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * Why this result cannot be stored, or empty if it can: a missing field, an empty user or object id, an
     * id containing TAB, LF or CR (the separators of the objects field) or a score that is not finite.
     */
    public static Optional<String> problem(RecallResult r) {
        if (r == null) {
            return Optional.of("null result");
        }
        if (r.getUserId() == null || r.getUserId().isEmpty()) {
            return Optional.of("empty userId");
        }
        if (r.getObjects() == null) {
            return Optional.of("objects missing");
        }
        if (r.getModelVersion() == null || r.getPromptVersion() == null || r.getRulesVersion() == null) {
            return Optional.of("modelVersion, promptVersion or rulesVersion missing");
        }
        if (r.getGeneratedAt() == null || r.getEventTime() == null) {
            return Optional.of("generatedAt or eventTime missing");
        }
        if (r.getArm() == null || r.getArm().isEmpty() || hasSeparator(r.getArm())) {
            return Optional.of("arm missing, empty or containing TAB, LF or CR");
        }
        if (hasSeparator(r.getModelVersion()) || hasSeparator(r.getPromptVersion()) || hasSeparator(r.getRulesVersion())) {
            return Optional.of("modelVersion, promptVersion or rulesVersion contains TAB, LF or CR");
        }
        if (outOfRange(r.getGeneratedAt()) || outOfRange(r.getEventTime())) {
            return Optional.of("generatedAt or eventTime before 1970 or after the year 318857");
        }
        for (int i = 0; i < r.getObjects().size(); i++) {
            Optional<String> p = problem(r.getObjects().get(i));
            if (p.isPresent()) {
                return Optional.of("objects[" + i + "]: " + p.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(RecalledObject o) {
        if (o == null) {
            return Optional.of("null object");
        }
        if (o.getObjectId() == null || o.getObjectId().isEmpty()) {
            return Optional.of("empty objectId");
        }
        if (hasSeparator(o.getObjectId())) {
            return Optional.of("objectId contains TAB, LF or CR: " + o.getObjectId().strip());
        }
        if (o.getSemanticId() == null || hasSeparator(o.getSemanticId())) {
            return Optional.of("semanticId missing or contains TAB, LF or CR (object " + o.getObjectId() + ")");
        }
        if (!Double.isFinite(o.getScore())) {
            return Optional.of("score " + o.getScore() + " is not finite (object " + o.getObjectId() + ")");
        }
        return Optional.empty();
    }

    private static boolean outOfRange(Instant t) {
        return t.isBefore(Instant.EPOCH) || t.isAfter(LATEST);
    }

    private static boolean hasSeparator(String s) {
        return s.indexOf(FIELD_SEPARATOR) >= 0 || s.indexOf(ENTRY_SEPARATOR) >= 0 || s.indexOf('\r') >= 0;
    }

    /** The largest epoch millisecond the header's digits hold (the year 318857). */
    static final long MAX_TIME = 9_999_999_999_999_999L;

    private static final Instant LATEST = Instant.ofEpochMilli(MAX_TIME);

    /**
     * The stored value of a result (format 2), lines separated by LF:
     * <ol>
     *   <li>the version header, {@link RecallKeys#HEADER_LENGTH} characters: {@code 2 TAB eventTime TAB generatedAt},
     *       each time in epoch milliseconds zero-padded to {@link RecallKeys#TIME_DIGITS} digits, so that comparing
     *       two headers as text compares (event time, generated time) as the store's newer-wins rule does;</li>
     *   <li>{@code modelVersion TAB promptVersion TAB rulesVersion TAB arm};</li>
     *   <li>then one line per object, {@link #encodeObjects} (none for no objects).</li>
     * </ol>
     *
     * @throws IllegalArgumentException with the reason from {@link #problem(RecallResult)}
     */
    public static String encode(RecallResult r) {
        problem(r).ifPresent(p -> {
            throw new IllegalArgumentException("cannot store recall: " + p);
        });
        return encodeValid(r);
    }

    /** {@link #encode} of a result {@link #problem(RecallResult)} found nothing wrong with. */
    static String encodeValid(RecallResult r) {
        List<StoredObject> objects = new ArrayList<>(r.getObjects().size());
        for (RecalledObject o : r.getObjects()) {
            objects.add(new StoredObject(o.getObjectId(), o.getScore(), o.getSemanticId()));
        }
        StringBuilder value = new StringBuilder(RecallKeys.HEADER_LENGTH + 64 + objects.size() * 48);
        value.append(header(r.getEventTime().toEpochMilli(), r.getGeneratedAt().toEpochMilli()))
                .append(ENTRY_SEPARATOR).append(r.getModelVersion()).append(FIELD_SEPARATOR).append(r.getPromptVersion())
                .append(FIELD_SEPARATOR).append(r.getRulesVersion()).append(FIELD_SEPARATOR).append(r.getArm());
        if (!objects.isEmpty()) {
            value.append(ENTRY_SEPARATOR).append(encodeObjects(objects));
        }
        return value.toString();
    }

    /** The version header of a recall of these times; both must lie in 0..{@link #MAX_TIME}. */
    static String header(long eventTimeMillis, long generatedAtMillis) {
        return RecallKeys.FORMAT + String.valueOf(FIELD_SEPARATOR) + padded(eventTimeMillis) + FIELD_SEPARATOR
                + padded(generatedAtMillis);
    }

    private static String padded(long millis) {
        String digits = Long.toString(millis);
        return "0".repeat(RecallKeys.TIME_DIGITS - digits.length()) + digits;
    }

    /**
     * The event and generated times (epoch milliseconds) of a stored value, or null when it is not a format-2 value
     * with a readable header: what a watcher needs without decoding the objects.
     */
    public static long[] version(String value) {
        if (value == null || value.length() < RecallKeys.HEADER_LENGTH
                || !value.startsWith(RecallKeys.FORMAT + String.valueOf(FIELD_SEPARATOR))
                || value.charAt(2 + RecallKeys.TIME_DIGITS) != FIELD_SEPARATOR
                || (value.length() > RecallKeys.HEADER_LENGTH && value.charAt(RecallKeys.HEADER_LENGTH) != ENTRY_SEPARATOR)) {
            return null;
        }
        Long event = epochMillis(value.substring(2, 2 + RecallKeys.TIME_DIGITS));
        Long generated = epochMillis(value.substring(3 + RecallKeys.TIME_DIGITS, RecallKeys.HEADER_LENGTH));
        return event == null || generated == null ? null : new long[] {event, generated};
    }

    /** The value's first part, up to a TAB or LF, cut to 16 characters: what it says its format is. */
    private static String formatOf(String value) {
        int end = 0;
        while (end < value.length() && end < 16 && value.charAt(end) != FIELD_SEPARATOR
                && value.charAt(end) != ENTRY_SEPARATOR) {
            end++;
        }
        return value.substring(0, end);
    }

    /** Decodes a stored value (format 2); anything else is a problem, never an exception. */
    public static Decoded decode(String userId, String value) {
        if (value.isEmpty() || value.charAt(0) != (char) ('0' + RecallKeys.FORMAT)
                || (value.length() > 1 && value.charAt(1) != FIELD_SEPARATOR)) {
            return failed("unknown format " + formatOf(value));
        }
        long[] version = version(value);
        if (version == null) {
            return failed("version header is not format TAB event time TAB generated time of "
                    + RecallKeys.TIME_DIGITS + " digits each");
        }
        int metaEnd = value.indexOf(ENTRY_SEPARATOR, RecallKeys.HEADER_LENGTH + 1);
        String meta = value.length() <= RecallKeys.HEADER_LENGTH ? ""
                : value.substring(RecallKeys.HEADER_LENGTH + 1, metaEnd < 0 ? value.length() : metaEnd);
        String[] versions = meta.split(String.valueOf(FIELD_SEPARATOR), -1);
        if (versions.length != 4) {
            return failed("second line is not modelVersion TAB promptVersion TAB rulesVersion TAB arm");
        }
        List<StoredObject> objects = new ArrayList<>();
        String problem = metaEnd < 0 ? null : decodeObjects(value.substring(metaEnd + 1), objects);
        if (problem != null) {
            return failed(problem);
        }
        return new Decoded(new StoredRecall(userId, objects, versions[0], versions[1], versions[2],
                Instant.ofEpochMilli(version[1]), Instant.ofEpochMilli(version[0]), RecallKeys.FORMAT,
                versions[3].isEmpty() ? RecallKeys.DEFAULT_ARM : versions[3]), null);
    }

    /**
     * The objects field: entries {@code objectId TAB score TAB semanticId} joined by LF, highest score first
     * (ties keep their given order); the empty string for no objects. The score is Java's
     * {@link Double#toString(double)}, which every IEEE-754 parser reads back exactly.
     */
    public static String encodeObjects(List<StoredObject> objects) {
        List<StoredObject> sorted = new ArrayList<>(objects);
        sorted.sort(BEST_FIRST);
        StringBuilder sb = new StringBuilder(sorted.size() * 48);
        for (StoredObject o : sorted) {
            if (sb.length() > 0) {
                sb.append(ENTRY_SEPARATOR);
            }
            sb.append(o.objectId()).append(FIELD_SEPARATOR).append(o.score()).append(FIELD_SEPARATOR)
                    .append(o.semanticId());
        }
        return sb.toString();
    }

    /** Parses the objects field into {@code out}, best first; returns the problem, or null if it parsed. */
    static String decodeObjects(String text, List<StoredObject> out) {
        if (text.isEmpty()) {
            return null;
        }
        String[] entries = text.split(String.valueOf(ENTRY_SEPARATOR), -1);
        for (int i = 0; i < entries.length; i++) {
            String[] parts = entries[i].split(String.valueOf(FIELD_SEPARATOR), -1);
            if (parts.length != 3 || parts[0].isEmpty()) {
                return "objects entry " + i + ": expected objectId<TAB>score<TAB>semanticId";
            }
            double score;
            try {
                score = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                return "objects entry " + i + ": score '" + parts[1] + "' is not a number";
            }
            if (!Double.isFinite(score)) {
                return "objects entry " + i + ": score '" + parts[1] + "' is not finite";
            }
            out.add(new StoredObject(parts[0], score, parts[2]));
        }
        // Ours are stored best first already; sorting again guards hashes written by other tools.
        out.sort(BEST_FIRST);
        return null;
    }

    static Long epochMillis(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Decoded failed(String problem) {
        return new Decoded(null, problem);
    }
}
