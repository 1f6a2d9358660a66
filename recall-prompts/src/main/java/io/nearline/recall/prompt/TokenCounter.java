package io.nearline.recall.prompt;

/** Counts the tokens of prompt text; the serving model's tokenizer when one is configured, else an estimate. */
public interface TokenCounter {

    int count(CharSequence text);

    /**
     * Whether the count of {@code a + "\n" + b} is always count(a) + count(b); then a prompt is not counted again
     * whole after its parts. A subword tokenizer usually is not guaranteed to be.
     */
    default boolean additiveAcrossLines() {
        return false;
    }
}
