package io.nearline.recall.job.input;

/**
 * One Kafka record exactly as read, before any decoding, so that a record the job cannot read can
 * still be dead-lettered whole. A Flink POJO.
 */
public class RawInput {

    public String topic;
    public int partition;
    public long offset;
    public byte[] value;

    public RawInput() {}

    public RawInput(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
