package io.nearline.recall.inference;

import io.grpc.Status;

/**
 * Why an inference call failed, with the gRPC status code of the last attempt so callers can count
 * failures by code; protocol violations in a response are reported as {@code INTERNAL}.
 */
public class InferenceException extends RuntimeException {

    private final Status.Code code;
    private final int attempts;

    public InferenceException(Status.Code code, String message, int attempts, Throwable cause) {
        super(code + ": " + message + " (after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")", cause);
        this.code = code;
        this.attempts = attempts;
    }

    public Status.Code code() {
        return code;
    }

    public int attempts() {
        return attempts;
    }
}
