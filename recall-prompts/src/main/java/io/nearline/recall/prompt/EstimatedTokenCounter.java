package io.nearline.recall.prompt;

/**
 * The token estimate used when no tokenizer is configured: each semantic-ID code such as {@code <b_201>} is one
 * token (they are added to the vocabulary), each run of letters and digits is 1.3 tokens (rounded up per line),
 * each other non-space character is one token, whitespace is free. Rounding per line makes the count of two texts
 * joined at a line break the sum of their counts, so a prompt's count is its prefix's plus its recent part's.
 */
public final class EstimatedTokenCounter implements TokenCounter {

    /** Sub-word tokens per word of English text for BPE vocabularies of 100k-150k entries. */
    public static final double TOKENS_PER_WORD = 1.3;

    @Override
    public boolean additiveAcrossLines() {
        return true;
    }

    @Override
    public int count(CharSequence text) {
        return countTo(text, -1).total();
    }

    /**
     * In one pass: the count stops by at the mark and notes what a count of the text before it would be. That is
     * exact where the mark falls between two of the estimate's units (a word, a code, another character), as the
     * prefix reuse's marks do; a mark inside a word or a code is counted apart.
     */
    @Override
    public Split countSplit(CharSequence text, int mark) {
        Split split = countTo(text, mark);
        return split.beforeMark() >= 0 ? split : new Split(split.total(), count(text.subSequence(0, mark)));
    }

    /** The count, and (for a mark of 0 to length) the count before the mark, or -1 where a unit spans it. */
    private static Split countTo(CharSequence text, int mark) {
        int tokens = 0;
        int words = 0;
        int beforeMark = -1;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (i == mark) {
                beforeMark = tokens + wordTokens(words);
            }
            char c = text.charAt(i);
            if (c == '\n') {
                tokens += wordTokens(words);
                words = 0;
                i++;
                continue;
            }
            if (c == '<') {
                int end = codeEnd(text, i);
                if (end > 0) {
                    tokens++;
                    i = end;
                    continue;
                }
            }
            if (isWordCharacter(c)) {
                words++;
                while (i < n && isWordCharacter(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (!Character.isWhitespace(c)) {
                tokens++;
            }
            i++;
        }
        int total = tokens + wordTokens(words);
        return new Split(total, mark == n ? total : beforeMark);
    }

    /** Letters and digits of ASCII, which prompts are mostly made of, from a table. */
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = Character.isLetterOrDigit(c);
        }
    }

    /** {@link Character#isLetterOrDigit(char)}, answered from a table for ASCII: this runs on every character. */
    static boolean isWordCharacter(char c) {
        return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    private static int wordTokens(int words) {
        return (int) Math.ceil(words * TOKENS_PER_WORD);
    }

    /** End (exclusive) of a code token {@code <x_digits>} or {@code <unk>} starting at {@code start}, or -1. */
    private static int codeEnd(CharSequence text, int start) {
        int n = text.length();
        int i = start + 1;
        if (i + 3 < n && text.charAt(i) == 'u' && text.charAt(i + 1) == 'n' && text.charAt(i + 2) == 'k'
                && text.charAt(i + 3) == '>') {
            return i + 4;
        }
        if (i + 2 >= n || text.charAt(i) < 'a' || text.charAt(i) > 'z' || text.charAt(i + 1) != '_') {
            return -1;
        }
        i += 2;
        int digitsFrom = i;
        while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i > digitsFrom && i < n && text.charAt(i) == '>' ? i + 1 : -1;
    }
}
