package io.nearline.recall.prompt;

/**
 * Share of a prompt's tokens a prefix KV-cache can reuse from the same user's previous prompt: the tokens of
 * their common text prefix (cut back to the last whitespace or code boundary so no token is split), rounded
 * down to whole cache blocks, over the new prompt's tokens.
 */
public final class PrefixReuse {

    private PrefixReuse() {
    }

    /** Reused tokens of {@code current} given {@code previous} (null: nothing to reuse); kvBlockTokens >= 1. */
    public static int reusedTokens(String previous, String current, TokenCounter counter, int kvBlockTokens) {
        if (previous == null || current.isEmpty()) {
            return 0;
        }
        int common = commonPrefix(previous, current);
        int reused = common == current.length() ? counter.count(current)
                : counter.count(current.subSequence(0, boundaryAtOrBefore(current, common)));
        return reused / kvBlockTokens * kvBlockTokens;
    }

    public static double ratio(String previous, String current, TokenCounter counter, int kvBlockTokens) {
        int total = counter.count(current);
        return total == 0 ? 0.0 : (double) reusedTokens(previous, current, counter, kvBlockTokens) / total;
    }

    static int commonPrefix(String a, String b) {
        return commonPrefix(a, b, 0);
    }

    /** As {@link #commonPrefix(String, String)}, for texts known to share their first {@code shared} characters. */
    static int commonPrefix(String a, String b, int shared) {
        int n = Math.min(a.length(), b.length());
        int i = shared;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Largest index <= at where no token spans: next to whitespace, or after a code's closing '>'. */
    static int boundaryAtOrBefore(String text, int at) {
        for (int i = at; i > 0; i--) {
            char before = text.charAt(i - 1);
            if (Character.isWhitespace(before) || before == '>'
                    || (i < text.length() && Character.isWhitespace(text.charAt(i)))) {
                return i;
            }
        }
        return 0;
    }
}
