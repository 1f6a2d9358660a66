package io.nearline.recall.model;

import java.util.List;

/** Ranks objects for a user from their history: what offline evaluation measures, whatever decodes the model. */
@FunctionalInterface
public interface Recommender {

    /** At most {@code count} objectIds, best first, for a user whose items were {@code history}, oldest first. */
    List<String> recommend(List<String> history, int count);
}
