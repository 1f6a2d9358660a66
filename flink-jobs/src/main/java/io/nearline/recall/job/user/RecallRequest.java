package io.nearline.recall.job.user;

import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.trace.RequestTrace;
import io.nearline.recall.tiering.Arm;
import io.nearline.recall.tiering.TieringOptions;
import io.nearline.recall.tiering.TriggerDecision;
import java.util.HashMap;
import java.util.Map;

/** A user worth a GPU call now: what the inference needs to recall for them. A Flink POJO. */
public class RecallRequest {

    /** Unique per user and triggering behaviour, so a replayed request is recognisable. */
    public String requestId;
    public String userId;
    public Map<String, String> profileAttributes = new HashMap<>();
    /** ARPU from the latest profile, or -1 when unknown. */
    public double arpu = -1;
    /** Event time of the newest behaviour the request reflects. */
    public long eventTime;
    /** Behaviours accepted for this user since its state was created. */
    public long behavioursSeen;
    public int priority;
    /** The user's tier when the trigger fired, or "none" for policies without tiers. */
    public String tier = TierMetrics.NO_TIER;
    /** Whether the tier is the rules' highest, which may take the inference slots held back for it. */
    public boolean topTier;
    public String triggerReason;
    public String rulesVersion;
    /** The user's prompt as the model gets it, built incrementally; null when the job builds none. */
    public String prompt;
    public String promptVersion;
    /** Processing time at which the GPU budget admitted the request, 0 before. */
    public long admittedAt;
    /** The experiment arm of the user (the rules in force when the trigger fired), and what it changes in the call. */
    public String arm = TieringOptions.DEFAULT_ARM;
    /** Beams the arm searches, 0 = the job's {@code triton.beam-width}. */
    public int beamWidth;
    /** Beams the arm returns, 0 = the job's, cut to the beam width. */
    public int returnedSequences;
    /** The arm's Triton model and version; empty = the job's. */
    public String modelName = "";
    public String modelVersion = "";
    /** The request's trace when it is traced (trace.sample-rate, trace.pinned-users); null otherwise. */
    public RequestTrace trace;

    public RecallRequest() {}

    static RecallRequest of(String userId, RecentBehaviours sequence, UserProfileUpdate profile, long seen,
                            TriggerDecision decision, String rulesVersion, boolean topTier) {
        RecallRequest request = new RecallRequest();
        request.requestId = userId + "/" + sequence.newestEventId() + "/" + seen;
        request.userId = userId;
        if (profile != null) {
            request.profileAttributes.putAll(profile.getAttributes());
            request.arpu = profile.getArpu() == null ? -1 : profile.getArpu();
        }
        request.eventTime = sequence.newestEventTime();
        request.behavioursSeen = seen;
        request.priority = decision.priority();
        request.tier = decision.tier() == null ? TierMetrics.NO_TIER : decision.tier();
        request.triggerReason = decision.reason();
        request.rulesVersion = rulesVersion;
        request.topTier = topTier;
        return request;
    }

    /** Puts the request in {@code arm}, with the arm's inference settings. */
    public RecallRequest inArm(Arm arm) {
        this.arm = arm.name();
        this.beamWidth = arm.beamWidth();
        this.returnedSequences = arm.returnedSequences();
        this.modelName = arm.modelName();
        this.modelVersion = arm.modelVersion();
        return this;
    }
}
