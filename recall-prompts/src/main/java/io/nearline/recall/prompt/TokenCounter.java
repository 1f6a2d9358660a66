package io.nearline.recall.prompt;

/** Counts the tokens of prompt text; the serving model's tokenizer when one is configured, else an estimate. */
public interface TokenCounter {

    int count(CharSequence text);

    /**
     * The tokens of {@code text} and of its first {@code mark} characters ({@code 0 <= mark <= length}); a counter
     * that can tell both in one pass over the text overrides this.
     */
    default Split countSplit(CharSequence text, int mark) {
        return new Split(count(text), count(text.subSequence(0, mark)));
    }

    /** Tokens of a whole text and of the part before a mark. */
    record Split(int total, int beforeMark) {}

    /**
     * Whether the count of {@code a + "\n" + b} is always count(a) + count(b); then a prompt is not counted again
     * whole after its parts. A subword tokenizer usually is not guaranteed to be.
     */
    default boolean additiveAcrossLines() {
        return false;
    }
}
