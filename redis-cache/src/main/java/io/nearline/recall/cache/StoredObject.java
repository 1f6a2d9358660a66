package io.nearline.recall.cache;

import java.util.Objects;

/** One recalled marketing object as the store holds it: its id, model score (higher is better), semantic ID. */
public record StoredObject(String objectId, double score, String semanticId) {
    public StoredObject {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(semanticId, "semanticId");
    }
}
