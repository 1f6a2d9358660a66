package io.nearline.recall.server;

/** A semantic ID found by the search, with its cumulative constrained log-probability. */
public record RecalledId(int[] codes, float score) {

    public String text() {
        return SemanticIdTokens.render(codes, codes.length);
    }
}
