package io.nearline.recall.schema;

import java.util.Objects;

/** The outcome of decoding one record: the value, or the reason it could not be read. */
public final class Decoded<T> {

    private final T value;
    private final DecodeFailure failure;
    private final String detail;

    private Decoded(T value, DecodeFailure failure, String detail) {
        this.value = value;
        this.failure = failure;
        this.detail = detail;
    }

    public static <T> Decoded<T> success(T value) {
        return new Decoded<>(Objects.requireNonNull(value), null, "");
    }

    public static <T> Decoded<T> failure(DecodeFailure failure, String detail) {
        return new Decoded<>(null, Objects.requireNonNull(failure), detail);
    }

    public boolean ok() {
        return failure == null;
    }

    public T value() {
        if (failure != null) {
            throw new IllegalStateException("no value: " + failure + " " + detail);
        }
        return value;
    }

    public DecodeFailure failure() {
        return failure;
    }

    public String detail() {
        return detail;
    }
}
