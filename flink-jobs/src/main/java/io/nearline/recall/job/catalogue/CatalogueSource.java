package io.nearline.recall.job.catalogue;

import java.io.Serializable;

/**
 * What an operator's catalogue replica is built from: the directory of saved semantic IDs (codebook and
 * assignments, written by the ID builder) and where the catalogue topic ended at job start. The topic's
 * records themselves arrive on the job's broadcast input.
 */
public record CatalogueSource(String idsDirectory, CatalogueEnd end) implements Serializable {

    /** No semantic IDs: prompts render without IDs and nothing is resolved. */
    public static final CatalogueSource NONE = new CatalogueSource("", CatalogueEnd.NONE);

    public boolean hasIds() {
        return !idsDirectory.isEmpty();
    }
}
