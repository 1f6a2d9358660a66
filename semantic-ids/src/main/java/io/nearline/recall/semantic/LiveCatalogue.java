package io.nearline.recall.semantic;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.semantic.CatalogueChange.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogue of marketing objects as delivery changes: applies {@link MarketingObject} updates (one writer at a
 * time), gives new objects IDs from the saved codebook, and publishes immutable {@link CatalogueSnapshot}s that any
 * number of readers (beam searches) use lock-free.
 */
public final class LiveCatalogue {

    private final IdAssignments assignments;
    private final VectorSource vectors;
    private final Map<String, MarketingObject> objects = new ConcurrentHashMap<>();
    /** Every ID given, readable without the writer's lock (prompts render behaviours on any object). */
    private final Map<String, SemanticId> ids = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUpdate = new HashMap<>();
    private volatile CatalogueSnapshot snapshot;

    /**
     * @param vectors must be the source the codebook was learned from (same model and keys, or same behaviour
     *                settings), or new objects would be quantised in the wrong space
     */
    public LiveCatalogue(IdAssignments assignments, VectorSource vectors) {
        String learnedFrom = assignments.codebook().vectorSource();
        if (!learnedFrom.equals(vectors.describe())) {
            throw new IllegalArgumentException("codebook v" + assignments.codebook().version() + " was learned from '"
                    + learnedFrom + "', not from '" + vectors.describe() + "'");
        }
        this.assignments = assignments;
        this.vectors = vectors;
        this.snapshot = new CatalogueSnapshot(0, SemanticIdTrie.empty(), assignments.format());
        this.ids.putAll(assignments.all());
    }

    /** The ID of an object that was ever given one, in delivery or not; never blocks. */
    public Optional<SemanticId> idOf(String objectId) {
        return Optional.ofNullable(ids.get(objectId));
    }

    /** The latest published state; never blocks. */
    public CatalogueSnapshot snapshot() {
        return snapshot;
    }

    /** The latest update seen for an object, in delivery or not. */
    public Optional<MarketingObject> object(String objectId) {
        return Optional.ofNullable(objects.get(objectId));
    }

    /** Applies one update and publishes the new snapshot if the trie changed. */
    public synchronized CatalogueChange apply(MarketingObject object) {
        Pending pending = new Pending(snapshot.trie());
        CatalogueChange change = applyTo(pending, object);
        publish(pending);
        return change;
    }

    /** Applies many updates (a start-up load of the compacted topic) and publishes one snapshot at the end. */
    public synchronized List<CatalogueChange> applyAll(Collection<MarketingObject> updates) {
        Pending pending = new Pending(snapshot.trie());
        List<CatalogueChange> changes = new ArrayList<>(updates.size());
        for (MarketingObject object : updates) {
            changes.add(applyTo(pending, object));
        }
        publish(pending);
        return changes;
    }

    /** A copy of every ID ever given under this codebook (in delivery or not). */
    public synchronized Map<String, SemanticId> assignments() {
        return Map.copyOf(assignments.all());
    }

    /**
     * Saves every ID given so far, those given while running included, so that a restart gives new objects the
     * same IDs again instead of numbering them afresh.
     */
    public synchronized void saveTo(SemanticIdStore store) throws java.io.IOException {
        store.save(assignments);
    }

    private CatalogueChange applyTo(Pending pending, MarketingObject object) {
        String objectId = object.getObjectId();
        Instant previous = lastUpdate.get(objectId);
        if (previous != null && object.getUpdateTime().isBefore(previous)) {
            return new CatalogueChange(objectId, Kind.UNCHANGED, assignments.idOf(objectId).orElse(null), false,
                    "stale update: " + object.getUpdateTime() + " is before " + previous);
        }
        lastUpdate.put(objectId, object.getUpdateTime());
        objects.put(objectId, object);
        Optional<SemanticId> held = assignments.idOf(objectId);
        if (object.getStatus() != DeliveryStatus.IN_DELIVERY) {
            if (held.isEmpty() || pending.trie.objectOf(held.get()).isEmpty()) {
                return new CatalogueChange(objectId, Kind.UNCHANGED, held.orElse(null), false, "not in delivery");
            }
            pending.trie = pending.trie.without(held.get());
            return new CatalogueChange(objectId, Kind.LEFT, held.get(), false, null);
        }
        if (held.isPresent() && pending.trie.objectOf(held.get()).isPresent()) {
            return new CatalogueChange(objectId, Kind.UNCHANGED, held.get(), false, "already in delivery");
        }
        SemanticId id;
        boolean newId = held.isEmpty();
        if (held.isPresent()) {
            id = held.get();
        } else {
            Optional<float[]> vector = vectors.vectorOf(object);
            if (vector.isEmpty()) {
                return new CatalogueChange(objectId, Kind.REJECTED, null, false,
                        "no vector from " + vectors.describe());
            }
            IdAssignments.Assigned assigned = assignments.assign(objectId, vector.get());
            if (assigned instanceof IdAssignments.Assigned.Refused refused) {
                return new CatalogueChange(objectId, Kind.REJECTED, null, false, refused.reason());
            }
            id = ((IdAssignments.Assigned.Id) assigned).id();
            ids.put(objectId, id);
        }
        pending.trie = pending.trie.with(id, objectId);
        return new CatalogueChange(objectId, Kind.JOINED, id, newId, null);
    }

    private void publish(Pending pending) {
        CatalogueSnapshot current = snapshot;
        if (pending.trie != current.trie()) {
            snapshot = new CatalogueSnapshot(current.version() + 1, pending.trie, current.format());
        }
    }

    /** The trie being built by one call, published when the call ends. */
    private static final class Pending {
        private SemanticIdTrie trie;

        private Pending(SemanticIdTrie trie) {
            this.trie = trie;
        }
    }
}
