package io.nearline.recall.schema;

/** Why a record's bytes could not be turned into a value. */
public enum DecodeFailure {
    /** Not Avro single-object encoding, truncated, or a body that does not match its schema. */
    BAD_BYTES,
    /** Well-formed, but written with a schema this reader has never seen. */
    UNKNOWN_SCHEMA
}
