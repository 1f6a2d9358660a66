package io.nearline.recall.job.inference;

import io.nearline.recall.job.user.RecallRequest;
import java.util.concurrent.CompletableFuture;

/** The recall service of a job with no inference server configured: every request fails, nothing is invented. */
public final class NoInferenceBackend implements RecallService {

    /** The factory for job graphs. */
    public static RecallServiceFactory factory() {
        return NoInferenceBackend::new;
    }

    @Override
    public CompletableFuture<GeneratedRecall> recall(RecallRequest request) {
        return CompletableFuture.failedFuture(new InferenceUnavailableException("no inference backend configured"));
    }
}
