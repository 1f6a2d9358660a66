package io.nearline.recall.job.user;

import io.nearline.recall.avro.BehaviourEvent;

/** One behaviour as kept in a user's sequence: only what recall needs. A Flink POJO. */
public class SequenceEntry {

    public String eventId;
    public String objectId;
    public String action;
    public String domain;
    public long eventTime;

    public SequenceEntry() {}

    public static SequenceEntry of(BehaviourEvent event) {
        SequenceEntry entry = new SequenceEntry();
        entry.eventId = event.getEventId();
        entry.objectId = event.getObjectId();
        entry.action = event.getAction().name();
        entry.domain = event.getDomain().name();
        entry.eventTime = event.getEventTime().toEpochMilli();
        return entry;
    }
}
