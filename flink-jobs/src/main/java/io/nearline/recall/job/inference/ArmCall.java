package io.nearline.recall.job.inference;

import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.job.user.RecallRequest;

/**
 * The inference call of a recall request: the job's {@code triton.*} settings, with what the request's experiment
 * arm changes (beam width, returned beams, model). An arm that narrows the search below the job's returned count
 * returns as many beams as it searches.
 */
final class ArmCall {

    private ArmCall() {}

    static io.nearline.recall.inference.RecallRequest of(RecallRequest request, InferenceClientOptions options) {
        var call = options.newRequest(request.requestId, request.userId, request.prompt);
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
