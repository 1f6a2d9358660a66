package io.nearline.recall.cache;

import static io.nearline.recall.cache.RecallKeys.ENTRY_SEPARATOR;
import static io.nearline.recall.cache.RecallKeys.FIELD_SEPARATOR;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Encodes a {@link RecallResult} into the fields of {@link RecallKeys} and decodes them back; no I/O. */
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

    private static boolean hasSeparator(String s) {
        return s.indexOf(FIELD_SEPARATOR) >= 0 || s.indexOf(ENTRY_SEPARATOR) >= 0 || s.indexOf('\r') >= 0;
    }

    /**
     * The hash fields for a result, in {@link RecallKeys#FIELDS} order.
     *
     * @throws IllegalArgumentException with the reason from {@link #problem(RecallResult)}
     */
    public static Map<String, String> encode(RecallResult r) {
        problem(r).ifPresent(p -> {
            throw new IllegalArgumentException("cannot store recall: " + p);
        });
        List<StoredObject> objects = new ArrayList<>(r.getObjects().size());
        for (RecalledObject o : r.getObjects()) {
            objects.add(new StoredObject(o.getObjectId(), o.getScore(), o.getSemanticId()));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(RecallKeys.FORMAT_FIELD, Integer.toString(RecallKeys.FORMAT));
        fields.put(RecallKeys.OBJECTS_FIELD, encodeObjects(objects));
        fields.put(RecallKeys.MODEL_VERSION_FIELD, r.getModelVersion());
        fields.put(RecallKeys.PROMPT_VERSION_FIELD, r.getPromptVersion());
        fields.put(RecallKeys.RULES_VERSION_FIELD, r.getRulesVersion());
        fields.put(RecallKeys.GENERATED_AT_FIELD, Long.toString(r.getGeneratedAt().toEpochMilli()));
        fields.put(RecallKeys.EVENT_TIME_FIELD, Long.toString(r.getEventTime().toEpochMilli()));
        fields.put(RecallKeys.ARM_FIELD, r.getArm());
        return fields;
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

    /** Decodes the fields of one user's hash (as HGETALL returns them); an empty map is not a recall. */
    public static Decoded decode(String userId, Map<String, String> fields) {
        String format = fields.get(RecallKeys.FORMAT_FIELD);
        if (!Integer.toString(RecallKeys.FORMAT).equals(format)) {
            return failed("unknown format " + format);
        }
        for (String f : RecallKeys.FIELDS) {
            // rules_version and arm are optional so that a hand-written or older-job hash still reads.
            if (!f.equals(RecallKeys.RULES_VERSION_FIELD) && !f.equals(RecallKeys.ARM_FIELD) && fields.get(f) == null) {
                return failed("field " + f + " missing");
            }
        }
        Long generatedAt = epochMillis(fields.get(RecallKeys.GENERATED_AT_FIELD));
        Long eventTime = epochMillis(fields.get(RecallKeys.EVENT_TIME_FIELD));
        if (generatedAt == null || eventTime == null) {
            return failed("generated_at or event_time is not epoch milliseconds");
        }
        List<StoredObject> objects = new ArrayList<>();
        String problem = decodeObjects(fields.get(RecallKeys.OBJECTS_FIELD), objects);
        if (problem != null) {
            return failed(problem);
        }
        return new Decoded(new StoredRecall(userId, objects, fields.get(RecallKeys.MODEL_VERSION_FIELD),
                fields.get(RecallKeys.PROMPT_VERSION_FIELD),
                fields.getOrDefault(RecallKeys.RULES_VERSION_FIELD, ""), Instant.ofEpochMilli(generatedAt),
                Instant.ofEpochMilli(eventTime), RecallKeys.FORMAT,
                fields.getOrDefault(RecallKeys.ARM_FIELD, RecallKeys.DEFAULT_ARM)), null);
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

    private static Long epochMillis(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Decoded failed(String problem) {
        return new Decoded(null, problem);
    }
}
