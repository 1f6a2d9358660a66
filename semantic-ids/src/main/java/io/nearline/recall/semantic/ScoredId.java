package io.nearline.recall.semantic;

/** One finished beam: a generated semantic ID and its score (higher is better, e.g. a log-probability). */
public record ScoredId(SemanticId id, double score) {}
