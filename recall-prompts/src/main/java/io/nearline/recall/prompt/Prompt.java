package io.nearline.recall.prompt;

/**
 * A rendered prompt: its text, token count, where its long-term prefix ends, and the versions it was made with
 * (carried into inference requests and training records).
 */
public record Prompt(String userId, String text, int tokens, int prefixChars, int prefixTokens,
        String promptVersion, String dictionaryVersion, String semanticIdVersion, boolean overBudget) {

    public String prefix() {
        return text.substring(0, prefixChars);
    }
}
