package io.nearline.recall.prompt;

import java.util.Optional;

/**
 * The category of an object when its event carries none (e.g. from the catalogue's structured text); feeds run
 * compression by category and the interest summary.
 */
public interface ObjectCategories {

    /** No category source: only event attributes are used. */
    ObjectCategories NONE = objectId -> Optional.empty();

    Optional<String> category(String objectId);
}
