package io.nearline.recall.semantic;

/** What parsing rendered semantic-ID text gave: the ID, or why the text was rejected. */
public sealed interface ParsedId {

    /** Well-formed text naming this ID. */
    record Valid(SemanticId id) implements ParsedId {}

    /** Text that is not a well-formed semantic ID; the reason says where and why. */
    record Rejected(String text, String reason) implements ParsedId {}
}
