package io.nearline.recall.server;

import java.util.List;
import java.util.Objects;

/**
 * What a model conditions on for one request: the prompt text as Triton would receive it and the
 * semantic IDs of the user's recent items found in it, oldest first.
 */
public record ModelContext(String prompt, List<int[]> recentItems) {

    public ModelContext {
        Objects.requireNonNull(prompt, "prompt");
        recentItems = List.copyOf(recentItems);
    }

    /** Reads the recent items out of the prompt; throws IllegalArgumentException for malformed IDs. */
    public static ModelContext fromPrompt(String prompt) {
        return new ModelContext(prompt, SemanticIdTokens.findAll(prompt));
    }
}
