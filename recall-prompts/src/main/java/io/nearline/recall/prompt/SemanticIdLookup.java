package io.nearline.recall.prompt;

import java.util.Optional;

/** The semantic ID of an object in its rendered form ({@code <a_12><b_201><c_7><d_3>}); what prompts need of semantic-ids. */
public interface SemanticIdLookup {

    /** The rendered semantic ID, or empty when the object has none (the prompt then renders a fallback). */
    Optional<String> render(String objectId);

    /** Version of the ID assignment; a change makes prompts re-render every behaviour. */
    default String version() {
        return "unversioned";
    }
}
