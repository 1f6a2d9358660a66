package io.nearline.recall.inference;

import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous generative-recall inference. Futures complete with the model's beams or
 * exceptionally with an {@link InferenceException}; a failed call never yields an invented result.
 */
public interface InferenceClient extends AutoCloseable {

    CompletableFuture<RecallInference> infer(RecallRequest request);

    /**
     * Whether the server and the configured model are ready to serve; completes exceptionally with an
     * {@link InferenceException} when the server cannot be asked.
     */
    CompletableFuture<Boolean> ready();

    @Override
    void close();
}
