package io.nearline.recall.job.user;

/**
 * One behaviour as jobs before {@link RecentBehaviours} kept it in a user's sequence; read only to take such a
 * sequence over after a restore ({@code LegacySequence}). A Flink POJO: its fields are the savepoints' layout.
 */
public class SequenceEntry {

    public String eventId;
    public String objectId;
    public String action;
    public String domain;
    public long eventTime;

    public SequenceEntry() {}
}
