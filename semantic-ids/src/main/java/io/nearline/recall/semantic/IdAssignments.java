package io.nearline.recall.semantic;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which object holds which semantic ID under one codebook. IDs never change once given: a new object with the same
 * codes as earlier ones gets the next unused collision code at the end. Not thread-safe; the live catalogue guards
 * it.
 */
public final class IdAssignments {

    /** The outcome of giving an object an ID: the ID, or why none could be given. */
    public sealed interface Assigned {

        /** The object holds this ID (given now or earlier). */
        record Id(SemanticId id) implements Assigned {}

        /** No ID could be given. */
        record Refused(String reason) implements Assigned {}
    }

    private final Codebook codebook;
    private final IdFormat format;
    private final boolean alwaysSuffix;
    private final Map<String, SemanticId> byObject = new LinkedHashMap<>();
    private final Map<SemanticId, String> byId = new HashMap<>();
    private final Map<SemanticId, Integer> nextCollisionCode = new HashMap<>();

    public IdAssignments(Codebook codebook, boolean alwaysSuffix, int collisionCodes) {
        this.codebook = codebook;
        this.format = new IdFormat(codebook.levels(), codebook.codes(), collisionCodes);
        this.alwaysSuffix = alwaysSuffix;
    }

    public Codebook codebook() {
        return codebook;
    }

    public IdFormat format() {
        return format;
    }

    /** True when every ID carries a collision code (so none is a prefix of another). */
    public boolean alwaysSuffix() {
        return alwaysSuffix;
    }

    public Optional<SemanticId> idOf(String objectId) {
        return Optional.ofNullable(byObject.get(objectId));
    }

    public Optional<String> objectOf(SemanticId id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byObject.size();
    }

    /** Every assignment, in the order given. */
    public Map<String, SemanticId> all() {
        return Collections.unmodifiableMap(byObject);
    }

    /** Gives the object an ID for a new vector, or returns the one it already holds. */
    public Assigned assign(String objectId, float[] vector) {
        SemanticId existing = byObject.get(objectId);
        if (existing != null) {
            return new Assigned.Id(existing);
        }
        if (vector.length != codebook.dimension()) {
            return new Assigned.Refused("vector has " + vector.length + " dimensions, codebook v"
                    + codebook.version() + " has " + codebook.dimension());
        }
        return assignCodes(objectId, codebook.quantise(vector));
    }

    /** Gives the object an ID for codes already computed (training), or returns the one it already holds. */
    public Assigned assignCodes(String objectId, int[] baseCodes) {
        SemanticId existing = byObject.get(objectId);
        if (existing != null) {
            return new Assigned.Id(existing);
        }
        if (baseCodes.length != format.levels()) {
            return new Assigned.Refused("expected " + format.levels() + " codes, got " + baseCodes.length);
        }
        SemanticId base = SemanticId.of(baseCodes);
        int collisionCode = nextCollisionCode.getOrDefault(base, 0);
        if (collisionCode >= format.collisionCodes()) {
            return new Assigned.Refused("codes " + base + " already name " + collisionCode
                    + " objects, the most the collision level holds");
        }
        SemanticId id = collisionCode == 0 && !alwaysSuffix ? base : base.append(collisionCode);
        record(objectId, id);
        return new Assigned.Id(id);
    }

    /** Restores an ID given earlier (read back from the assignment file); refuses one that breaks uniqueness. */
    public Assigned restore(String objectId, SemanticId id) {
        if (byObject.containsKey(objectId)) {
            return new Assigned.Refused("object " + objectId + " already holds " + byObject.get(objectId));
        }
        if (byId.containsKey(id)) {
            return new Assigned.Refused(id + " already held by object " + byId.get(id));
        }
        if (id.length() != format.levels() && id.length() != format.levels() + 1) {
            return new Assigned.Refused(id + " has " + id.length() + " codes, expected " + format.levels()
                    + " or " + (format.levels() + 1));
        }
        for (int position = 0; position < id.length(); position++) {
            if (id.code(position) >= format.bound(position)) {
                return new Assigned.Refused(id + " has code " + id.code(position) + " out of range at position "
                        + position);
            }
        }
        record(objectId, id);
        return new Assigned.Id(id);
    }

    private void record(String objectId, SemanticId id) {
        byObject.put(objectId, id);
        byId.put(id, objectId);
        SemanticId base = id.prefix(format.levels());
        int used = id.length() > format.levels() ? id.code(format.levels()) : 0;
        nextCollisionCode.merge(base, used + 1, Math::max);
    }

    /** Codes of the quantisation levels of an ID, without any collision code. */
    public int[] baseCodes(SemanticId id) {
        return Arrays.copyOf(id.codes(), Math.min(id.length(), format.levels()));
    }
}
