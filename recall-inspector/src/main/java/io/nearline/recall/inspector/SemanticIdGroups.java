package io.nearline.recall.inspector;

/** The prefix group of a rendered semantic ID: its first levels, which the diversity step limits per list. */
final class SemanticIdGroups {

    /** Levels of the prefix shown as an object's group. */
    static final int PREFIX_LEVELS = 2;

    private SemanticIdGroups() {}

    /** {@code <a_1><b_2>} of {@code <a_1><b_2><c_3><d_4>}; the text itself when it has fewer levels or is not one. */
    static String prefix(String semanticId) {
        int end = 0;
        for (int level = 0; level < PREFIX_LEVELS; level++) {
            int close = semanticId.indexOf('>', end);
            if (close < 0) {
                return semanticId;
            }
            end = close + 1;
        }
        return semanticId.substring(0, end);
    }
}
