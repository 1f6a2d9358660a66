package io.nearline.recall.prompt;

/** The first levels of a rendered semantic ID, e.g. levels 2 of {@code <a_12><b_201><c_7><d_3>} is {@code <a_12><b_201>}. */
public final class SidPrefix {

    private SidPrefix() {
    }

    /** The prefix, or null when the ID is null or has fewer levels. */
    public static String of(String semanticId, int levels) {
        if (semanticId == null) {
            return null;
        }
        int at = -1;
        for (int level = 0; level < levels; level++) {
            at = semanticId.indexOf('>', at + 1);
            if (at < 0) {
                return null;
            }
        }
        return semanticId.substring(0, at + 1);
    }
}
