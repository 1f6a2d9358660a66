package io.nearline.recall.inference;

/** A tensor whose datatype, shape or contents do not agree; the message names the tensor and the mismatch. */
public class TensorFormatException extends IllegalArgumentException {

    public TensorFormatException(String message) {
        super(message);
    }
}
