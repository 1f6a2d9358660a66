package io.nearline.recall.job.inference;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.job.user.RecallRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Generates the recall for one request. A failure completes the future exceptionally: the job counts
 * it and writes nothing, so the ad server falls back to classic recall rather than to an invented list.
 */
public interface RecallService extends AutoCloseable {

    CompletableFuture<RecallResult> recall(RecallRequest request);

    @Override
    default void close() throws Exception {}
}
