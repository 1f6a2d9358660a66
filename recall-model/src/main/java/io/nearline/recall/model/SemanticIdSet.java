package io.nearline.recall.model;

import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.SemanticId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The semantic IDs a model is trained over, with the codebook version and vector source they came from, which the
 * model file records so a server can refuse IDs of another version.
 *
 * @param version codebook version of the IDs ({@code ids-v<N>.tsv})
 * @param source  what made the vectors the codebook was learned from
 */
public record SemanticIdSet(IdFormat format, int version, String source, Map<String, SemanticId> ids) {

    public SemanticIdSet {
        ids = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ids));
    }

    public static SemanticIdSet of(IdAssignments assignments) {
        return new SemanticIdSet(assignments.format(), assignments.codebook().version(),
                assignments.codebook().vectorSource(), assignments.all());
    }
}
