package io.nearline.recall.job.catalogue;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.Decoded;
import io.nearline.recall.schema.SingleObjectCodec;
import io.nearline.recall.semantic.CodebookVectors;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.LiveCatalogue;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator instance's copy of the live catalogue: loaded from the saved semantic IDs, then kept in
 * step with the catalogue topic's records as they arrive on the broadcast input (every instance sees
 * every record, in the one order of the single catalogue reader). Each accepted record is also kept in
 * the broadcast state, from which a restored instance rebuilds its copy once. Used on the task thread only.
 */
public final class CatalogueReplica {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueReplica.class);

    private final LiveCatalogue catalogue;
    private final String version;
    private final CatalogueEnd end;
    private final SingleObjectCodec<MarketingObject> codec = Codecs.marketingObjects();
    private Counter applied = new SimpleCounter();
    private Counter undecodable = new SimpleCounter();
    private boolean restored;
    private boolean complete;

    private CatalogueReplica(LiveCatalogue catalogue, String version, CatalogueEnd end) {
        this.catalogue = catalogue;
        this.version = version;
        this.end = end;
    }

    /** The catalogue of the saved IDs in {@code source}, with no object in delivery until records arrive. */
    public static CatalogueReplica load(CatalogueSource source) {
        try {
            SemanticIdStore store = new SemanticIdStore(Path.of(source.idsDirectory()));
            int version = store.latestVersion().orElseThrow(() ->
                    new IllegalStateException("no semantic IDs saved under " + source.idsDirectory()));
            StoredIds stored = store.load(version);
            if (stored instanceof StoredIds.Failed failed) {
                throw new IllegalStateException("semantic IDs v" + version + " unusable: " + failed.problems());
            }
            IdAssignments assignments = ((StoredIds.Loaded) stored).assignments();
            LiveCatalogue catalogue = new LiveCatalogue(assignments, CodebookVectors.forCodebook(assignments.codebook()));
            return new CatalogueReplica(catalogue, "ids-v" + version, source.end());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts applied and undecodable records in these counters. */
    public CatalogueReplica countingIn(Counter appliedRecords, Counter undecodableRecords) {
        this.applied = appliedRecords;
        this.undecodable = undecodableRecords;
        return this;
    }

    public LiveCatalogue catalogue() {
        return catalogue;
    }

    /** The saved IDs' version, e.g. {@code ids-v1}: prompts record it. */
    public String version() {
        return version;
    }

    /**
     * Applies one record of the catalogue topic and remembers it (and how far its partition was read) in
     * the broadcast state. A record that is not a marketing object is counted and skipped; a tombstone
     * only advances the position, as the compacted topic never deletes an object that was in delivery.
     */
    public void apply(RawInput record, BroadcastState<String, byte[]> objects, BroadcastState<Integer, Long> positions)
            throws Exception {
        restoreFrom(objects);
        positions.put(record.partition, record.offset + 1);
        if (record.value == null) {
            return;
        }
        Decoded<MarketingObject> decoded = codec.decode(record.value);
        if (!decoded.ok()) {
            undecodable.inc();
            LOG.warn("catalogue record {}@{}/{} skipped: {} {}", record.topic, record.partition, record.offset,
                    decoded.failure(), decoded.detail());
            return;
        }
        MarketingObject object = decoded.value();
        catalogue.apply(object);
        applied.inc();
        if (catalogue.object(object.getObjectId()).orElse(null) == object) { // accepted, not a stale update
            objects.put(object.getObjectId(), record.value);
        }
    }

    /**
     * Rebuilds the copy from the broadcast state the first time it is called after a restore (a no-op on a
     * fresh start). Objects are applied oldest update first, so every instance gives new objects the same IDs.
     */
    public void restoreFrom(ReadOnlyBroadcastState<String, byte[]> objects) throws Exception {
        if (restored) {
            return;
        }
        restored = true;
        List<MarketingObject> kept = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : objects.immutableEntries()) {
            Decoded<MarketingObject> decoded = codec.decode(entry.getValue());
            if (decoded.ok()) {
                kept.add(decoded.value());
            }
        }
        if (!kept.isEmpty()) {
            kept.sort(Comparator.comparing(MarketingObject::getUpdateTime).thenComparing(MarketingObject::getObjectId));
            catalogue.applyAll(kept);
            LOG.info("catalogue {} restored from checkpoint: {} objects", version, kept.size());
        }
    }

    /** Whether the topic has been read as far as it reached at job start; once true, it stays true. */
    public boolean complete(ReadOnlyBroadcastState<Integer, Long> positions) throws Exception {
        if (!complete) {
            Map<Integer, Long> read = new HashMap<>();
            for (Map.Entry<Integer, Long> entry : positions.immutableEntries()) {
                read.put(entry.getKey(), entry.getValue());
            }
            complete = end.reachedBy(read::get);
        }
        return complete;
    }

    /** Treats the catalogue as complete from now on (it waited too long for the topic's end). */
    public void assumeComplete() {
        complete = true;
    }
}
