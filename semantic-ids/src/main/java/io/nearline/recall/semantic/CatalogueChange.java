package io.nearline.recall.semantic;

/**
 * What one catalogue update did.
 *
 * @param id     the object's semantic ID, null when none could be given
 * @param newId  true when the update gave the object its ID
 * @param reason why the update was rejected or changed nothing; null otherwise
 */
public record CatalogueChange(String objectId, Kind kind, SemanticId id, boolean newId, String reason) {

    /** The effect on the trie of objects in delivery. */
    public enum Kind {
        /** The object entered delivery: its ID is now in the trie. */
        JOINED,
        /** The object left delivery: its ID is no longer in the trie. */
        LEFT,
        /** The trie did not change (same status again, a stale update, or an unknown object leaving). */
        UNCHANGED,
        /** The object could not be given an ID; the reason says why. */
        REJECTED
    }
}
