package io.nearline.recall.semantic;

/**
 * The shape of valid semantic IDs: how many quantisation levels, the codes per level, and the size of the
 * extra collision level.
 */
public record IdFormat(int levels, int codes, int collisionCodes) {

    public IdFormat {
        if (levels < 1 || levels > 25) {
            throw new IllegalArgumentException("levels must be in [1, 25] so that each has a letter, was " + levels);
        }
        if (codes < 1 || collisionCodes < 1) {
            throw new IllegalArgumentException("codes and collision codes must be positive");
        }
    }

    /** Largest code (exclusive) allowed at this position; the position after the last level holds collision codes. */
    public int bound(int position) {
        return position < levels ? codes : collisionCodes;
    }

    public int maxLength() {
        return levels + 1;
    }
}
