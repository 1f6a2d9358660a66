package io.nearline.recall.job.inference;

import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.job.trace.RequestTrace;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.tiering.TieringOptions;
import java.util.List;

/**
 * What the model generated for one recall request, before its semantic IDs are resolved against the
 * catalogue: the beams, best first, and what the recall written for it must record. A Flink POJO.
 */
public class GeneratedRecall {

    public String requestId;
    public String userId;
    public String promptVersion;
    public String rulesVersion;
    /** The experiment arm of the request. */
    public String arm = TieringOptions.DEFAULT_ARM;
    /** Event time of the newest behaviour the request reflects. */
    public long eventTime;
    /** {@code name:version} of the model that answered. */
    public String modelVersion;
    public String[] beamTexts = new String[0];
    public double[] beamLogProbs = new double[0];
    /** The request's trace when it is traced, null otherwise. */
    public RequestTrace trace;
    /** Set only on a traced request's failed answer, which goes on for its trace: the failure's cause. */
    public String failure;

    public GeneratedRecall() {}

    public static GeneratedRecall of(RecallRequest request, String modelVersion, List<GeneratedBeam> beams) {
        GeneratedRecall generated = new GeneratedRecall();
        generated.requestId = request.requestId;
        generated.userId = request.userId;
        generated.promptVersion = request.promptVersion;
        generated.rulesVersion = request.rulesVersion == null ? "" : request.rulesVersion;
        generated.eventTime = request.eventTime;
        generated.arm = request.arm;
        generated.modelVersion = modelVersion;
        generated.trace = request.trace;
        generated.beamTexts = new String[beams.size()];
        generated.beamLogProbs = new double[beams.size()];
        for (int i = 0; i < beams.size(); i++) {
            generated.beamTexts[i] = beams.get(i).text();
            generated.beamLogProbs[i] = beams.get(i).cumLogProb();
        }
        return generated;
    }

    /** A traced request that got no answer: it goes on only so that its trace is made. */
    static GeneratedRecall failed(RecallRequest request, String cause) {
        GeneratedRecall generated = of(request, "", List.of());
        generated.failure = cause;
        return generated;
    }

    public static GeneratedRecall of(RecallRequest request, RecallInference inference) {
        return of(request, inference.modelName() + ":" + inference.modelVersion(), inference.beams());
    }
}
