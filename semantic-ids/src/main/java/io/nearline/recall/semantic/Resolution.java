package io.nearline.recall.semantic;

/** What a generated semantic ID maps back to: an object in delivery, or the reason it maps to none. */
public sealed interface Resolution {

    /** The ID names this object, which is in delivery. */
    record Found(SemanticId id, String objectId) implements Resolution {}

    /** The text is malformed, or names no object in delivery. */
    record Rejected(String text, String reason) implements Resolution {}
}
