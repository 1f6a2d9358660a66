package io.nearline.recall.llm;

/** A checkpoint folder the server cannot serve; the message names the file and what is wrong with it. */
public final class CheckpointException extends IllegalArgumentException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
