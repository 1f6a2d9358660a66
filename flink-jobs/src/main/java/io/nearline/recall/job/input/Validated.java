package io.nearline.recall.job.input;

/** The outcome of validating one raw input: a signal for a user, or a reason to dead-letter it. */
public record Validated(UserSignal signal, RejectReason reason, String detail) {

    public static Validated accept(UserSignal signal) {
        return new Validated(signal, null, "");
    }

    public static Validated reject(RejectReason reason, String detail) {
        return new Validated(null, reason, detail);
    }

    public boolean accepted() {
        return reason == null;
    }
}
