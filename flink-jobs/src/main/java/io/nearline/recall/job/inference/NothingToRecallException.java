package io.nearline.recall.job.inference;

/** The model answered, but none of its beams names a marketing object in delivery: there is nothing to write. */
public final class NothingToRecallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NothingToRecallException(String message) {
        super(message);
    }
}
