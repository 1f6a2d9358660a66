package io.nearline.recall.job.quality;

/** An ad click or conversion waiting to be scored on the recall the ad server held for it. A Flink POJO. */
public class AwaitingTarget {
    public String objectId;
    public long eventTime;
    /** Processing time at which it is scored. */
    public long dueAt;

    public AwaitingTarget() {}

    static AwaitingTarget of(String objectId, long eventTime, long dueAt) {
        AwaitingTarget target = new AwaitingTarget();
        target.objectId = objectId;
        target.eventTime = eventTime;
        target.dueAt = dueAt;
        return target;
    }
}
