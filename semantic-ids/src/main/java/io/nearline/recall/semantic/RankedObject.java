package io.nearline.recall.semantic;

/** A recalled marketing object with the ID and score of the beam that produced it. */
public record RankedObject(String objectId, SemanticId id, double score) {}
