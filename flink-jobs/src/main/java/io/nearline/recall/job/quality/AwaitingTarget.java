package io.nearline.recall.job.quality;

/** An ad click or conversion waiting to be scored on the recall the ad server held for it. A Flink POJO. */
public class AwaitingTarget {
    public String objectId;
    public long eventTime;
    /** Processing time at which it is scored. */
    public long dueAt;
    /** The user had not clicked or converted on this object before: a target of the trade-off measure. */
    public boolean firstEngagement;
    /** The user's ARPU segment at the target's time, whose fallback serves it when the user has no recall. */
    public String segment;

    public AwaitingTarget() {}

    static AwaitingTarget of(String objectId, long eventTime, long dueAt, boolean firstEngagement, String segment) {
        AwaitingTarget target = new AwaitingTarget();
        target.firstEngagement = firstEngagement;
        target.segment = segment;
        target.objectId = objectId;
        target.eventTime = eventTime;
        target.dueAt = dueAt;
        return target;
    }
}
