package io.nearline.recall.job.quality;

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

    public RecallScore() {}

    static RecallScore of(String userId, Kind kind, int rank, String objectId) {
        RecallScore score = new RecallScore();
        score.userId = userId;
        score.kind = kind;
        score.rank = rank;
        score.objectId = objectId;
        return score;
    }
}
