package io.nearline.recall.tiering;

import java.io.Serializable;

/**
 * One ARPU tier and the trigger strategies its users get. Strategies combine: a behaviour of grade
 * {@code fireAtGrade} or more fires at once, {@code everyN} counted behaviours fire after a debounce, and
 * cool-down and daily cap bound both. Absent limits are stored as {@link Integer#MAX_VALUE}.
 *
 * @param rank               position in the rules file, 0 for the lowest tier; higher ranks win the GPU budget first
 * @param onlyInputChanges   a behaviour that leaves the model's input as it was (an impression, a repeat, a conversion
 *                           merged into its click) neither fires nor counts: a call on it would answer the same
 * @param fireOnFirstSight   the first behaviour seen of a user this job has not fired for fires at once, so a user
 *                           with history but no recall gets one before their next click
 * @param refreshAfterMs     a counted behaviour more than this long after the last fire makes a fire due (a recall
 *                           ages as interests drift); 0: never
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
        int dailyCap,
        boolean onlyInputChanges,
        boolean fireOnFirstSight,
        long refreshAfterMs) implements Serializable {

    /** A tier with none of the input-change strategies (the rules format before they existed). */
    public UserTier(String name, int rank, double minArpu, int fireAtGrade, int countFromGrade, int everyN,
                    long debounceMs, long debounceMaxMs, long cooldownMs, int dailyCap) {
        this(name, rank, minArpu, fireAtGrade, countFromGrade, everyN, debounceMs, debounceMaxMs, cooldownMs, dailyCap,
                false, false, 0);
    }

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
