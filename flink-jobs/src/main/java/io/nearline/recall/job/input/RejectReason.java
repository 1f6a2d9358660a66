package io.nearline.recall.job.input;

/** Why an input record was dead-lettered. The name is the stable code written to the dead-letter topic. */
public enum RejectReason {
    /** Not Avro single-object encoding, truncated, or a body that does not match its schema. */
    BAD_BYTES,
    /** Written with a schema this job has never seen. */
    UNKNOWN_SCHEMA,
    /** No user id: the record cannot be attributed to anyone. */
    MISSING_USER,
    /** No marketing object or item id on a behaviour. */
    MISSING_OBJECT,
    /** An event time far in the past or the future. */
    ABSURD_TIMESTAMP,
    /** A value outside its domain, such as a negative ARPU. */
    BAD_VALUE,
    /** Read from a topic the job does not know how to interpret. */
    UNKNOWN_TOPIC
}
