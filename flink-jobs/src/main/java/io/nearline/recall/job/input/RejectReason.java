package io.nearline.recall.job.input;

/** Why an input record was dead-lettered. The name is the stable code written to the dead-letter topic. */
public enum RejectReason {
    /** Not Avro single-object encoding, truncated, or a body that does not match its schema. */
    BAD_BYTES,
    /** Well-formed Avro, but a string in it is not valid UTF-8. */
    BAD_TEXT,
    /** Written with a schema this job has never seen. */
    UNKNOWN_SCHEMA,
    /** No user id: the record cannot be attributed to anyone. */
    MISSING_USER,
    /** No marketing object or item id on a behaviour. */
    MISSING_OBJECT,
    /** A user or object ID longer than {@code validation.max-id-length}. */
    ID_TOO_LONG,
    /** A user or object ID with a control character or one of {@code validation.id-forbidden-characters}. */
    BAD_ID_CHARACTER,
    /** More attributes than {@code validation.max-attributes}, or one longer than {@code validation.max-attribute-length}. */
    ATTRIBUTES_TOO_LARGE,
    /** An event time far in the past or the future. */
    ABSURD_TIMESTAMP,
    /** A value outside its domain: a negative or NaN price, eCPM or ARPU. */
    BAD_VALUE,
    /** A price, eCPM or ARPU that is infinite or above its {@code validation.max-*} limit. */
    VALUE_OUT_OF_RANGE,
    /** Read from a topic the job does not know how to interpret. */
    UNKNOWN_TOPIC,
    /** The validator itself failed on this record: a bug, kept as a dead letter rather than a job restart. */
    VALIDATOR_ERROR
}
