package io.nearline.recall.job.inference;

import io.nearline.recall.inference.FleetSnapshot;
import io.nearline.recall.job.user.RecallRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Generates the recall for one request: the model's beams, which {@link ResolveRecall} resolves against
 * the catalogue. A failure completes the future exceptionally: the job counts it and writes nothing, so
 * the ad server falls back to classic recall rather than to an invented list.
 */
public interface RecallService extends AutoCloseable {

    CompletableFuture<GeneratedRecall> recall(RecallRequest request);

    /** The fleet inference client's live metrics when this service calls one, for the operator's gauges. */
    default Optional<Supplier<FleetSnapshot>> fleetMetrics() {
        return Optional.empty();
    }

    @Override
    default void close() throws Exception {}
}
