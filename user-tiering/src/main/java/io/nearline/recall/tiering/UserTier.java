package io.nearline.recall.tiering;

import java.io.Serializable;

/**
 * One ARPU tier and the trigger strategies its users get. Strategies combine: a behaviour of grade
 * {@code fireAtGrade} or more fires at once, {@code everyN} counted behaviours fire after a debounce, and
 * cool-down and daily cap bound both. Absent limits are stored as {@link Integer#MAX_VALUE}.
 *
 * @param rank position in the rules file, 0 for the lowest tier; higher ranks win the GPU budget first
 */
public record UserTier(
        String name,
        int rank,
        double minArpu,
        int fireAtGrade,
        int countFromGrade,
        int everyN,
        long debounceMs,
        long debounceMaxMs,
        long cooldownMs,
        int dailyCap) implements Serializable {

    /** Grade value meaning "no behaviour fires at once". */
    public static final int NEVER = Integer.MAX_VALUE;
    /** Daily cap meaning "no cap". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public boolean firesAtOnce(int grade) {
        return grade >= fireAtGrade;
    }

    public boolean counts(int grade) {
        return grade >= countFromGrade;
    }

    public boolean countReached(long counted) {
        return everyN > 0 && counted >= everyN;
    }
}
