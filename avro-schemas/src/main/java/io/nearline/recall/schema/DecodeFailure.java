package io.nearline.recall.schema;

/** Why a record's bytes could not be turned into a value. */
public enum DecodeFailure {
    /** Not Avro single-object encoding, truncated, or a body that does not match its schema. */
    BAD_BYTES,
    /** Well-formed bytes, but a string in the body is not valid UTF-8. */
    BAD_TEXT,
    /** Well-formed, but written with a schema this reader has never seen. */
    UNKNOWN_SCHEMA
}
