package io.nearline.recall.job.quality;

import io.nearline.recall.tiering.TieringOptions;

/**
 * One judgement of recall quality: a recall scored on the next click (LIVE), or the click scored on
 * the recall the ad server held for the user then (SERVED); a first engagement is also scored on the
 * user's own recall (FIRST_COVERED) or, when they had none, on their segment's fallback
 * (FIRST_FALLBACK). {@code rank} is 0-based, -1 for a miss. A Flink POJO, for counters and diagnostics.
 */
public class RecallScore {

    /** What was judged. */
    public enum Kind { LIVE, SERVED, FIRST_COVERED, FIRST_FALLBACK }

    public String userId;
    public Kind kind;
    public int rank;
    public String objectId;
    /** The experiment arm the judgement is counted in. */
    public String arm = TieringOptions.DEFAULT_ARM;

    public RecallScore() {}

    RecallScore inArm(String name) {
        this.arm = name;
        return this;
    }

    static RecallScore of(String userId, Kind kind, int rank, String objectId) {
        RecallScore score = new RecallScore();
        score.userId = userId;
        score.kind = kind;
        score.rank = rank;
        score.objectId = objectId;
        return score;
    }
}
