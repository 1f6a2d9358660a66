package io.nearline.recall.job.catalogue;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where the compacted catalogue topic ended when the job was built, per partition that held records: a
 * catalogue replica that has read every partition that far holds every object known at the start, and
 * only then are generated IDs resolved against it.
 *
 * @param offsets the next offset to be written, per partition with records
 */
public record CatalogueEnd(Map<Integer, Long> offsets) implements Serializable {

    /** No topic to wait for (none configured, or empty): a catalogue is complete from the start. */
    public static final CatalogueEnd NONE = new CatalogueEnd(Map.of());

    public CatalogueEnd {
        offsets = Map.copyOf(offsets);
    }

    /** Whether {@code position} (the next offset to read per partition, null before any) has reached the end. */
    public boolean reachedBy(Function<Integer, Long> position) {
        for (Map.Entry<Integer, Long> partition : offsets.entrySet()) {
            Long read = position.apply(partition.getKey());
            if (read == null || read < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CatalogueEnd" + new TreeMap<>(offsets);
    }
}
