package io.nearline.recall.job.inference;

/** The inference backend could not answer a recall request. */
public final class InferenceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InferenceUnavailableException(String message) {
        super(message);
    }
}
