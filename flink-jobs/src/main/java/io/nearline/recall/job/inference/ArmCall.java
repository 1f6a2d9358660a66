package io.nearline.recall.job.inference;

import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.job.user.RecallRequest;

/**
 * The inference call of a recall request: the job's {@code triton.*} settings, with what the request's experiment
 * arm changes (beam width, returned beams, model). An arm that narrows the search below the job's returned count
 * returns as many beams as it searches.
 */
final class ArmCall {

    /** Triton's schedule-policy level of the top tier's calls: the highest. */
    static final int TOP_TIER_PRIORITY = 1;
    /** The level of every other tier's calls. */
    static final int OTHER_TIERS_PRIORITY = 2;

    private ArmCall() {}

    /**
     * With {@code tierPriority}, the call carries the schedule-policy priority of its tier: a server that orders its
     * queue by it searches the top tier's requests first when a burst queues them behind the others.
     */
    static io.nearline.recall.inference.RecallRequest of(RecallRequest request, InferenceClientOptions options,
            boolean tierPriority) {
        var call = options.newRequest(request.requestId, request.userId, request.prompt);
        if (tierPriority) {
            call = call.withPriority(request.topTier ? TOP_TIER_PRIORITY : OTHER_TIERS_PRIORITY);
        }
        if (request.beamWidth > 0 || request.returnedSequences > 0) {
            int width = request.beamWidth > 0 ? request.beamWidth : Math.max(call.beamWidth(), request.returnedSequences);
            int returned = request.returnedSequences > 0 ? request.returnedSequences : call.returnedSequences();
            call = call.withBeams(width, Math.min(returned, width));
        }
        if (!request.modelName.isEmpty() || !request.modelVersion.isEmpty()) {
            call = call.withModel(request.modelName, request.modelVersion);
        }
        return call;
    }
}
