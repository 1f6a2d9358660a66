package io.nearline.recall.job.trace;

import io.nearline.recall.avro.DroppedBeam;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.TraceStage;
import io.nearline.recall.avro.TracedBeam;
import io.nearline.recall.avro.TracedBehaviour;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the {@link RecallTrace} of a traced request where its path ends: shed by the budget, failed in
 * inference, or resolved (with a recall, or with none). Stages are those passed, each with when it ended.
 */
public final class TraceRecords {

    /** Beams a trace keeps, the best. */
    public static final int MAX_BEAMS = 50;

    private TraceRecords() {}

    /** A request the budget shed. */
    public static RecallTrace shed(RequestTrace t, String reason, long decidedAt) {
        RecallTrace.Builder trace = start(t);
        List<TraceStage> stages = triggerStage(t);
        stages.add(stage("gpu-budget", decidedAt, decidedAt - t.tracedAt, "shed: " + reason));
        return trace.setBudgetOutcome("SHED_" + reason).setFailure("BUDGET_SHED_" + reason).setStages(stages).build();
    }

    /**
     * A request that passed the budget and was answered or failed: its beams, the recall made of them (null
     * when none), what was left out and why, and the failure cause when there was no recall.
     */
    public static RecallTrace ended(RequestTrace t, String modelVersion, String[] beamTexts, double[] logProbs,
                                    RecallResult recall, List<DroppedBeam> dropped, String failure, long now) {
        List<TraceStage> stages = triggerStage(t);
        stages.add(stage("gpu-budget", t.admittedAt, t.admittedAt - t.tracedAt,
                "admitted after " + (t.admittedAt - t.tracedAt) + " ms in the queue"));
        if (t.inferenceSentAt > 0) {
            long answered = t.inferenceAnsweredAt > 0 ? t.inferenceAnsweredAt : now;
            stages.add(stage("inference", answered, answered - t.inferenceSentAt,
                    beamTexts.length + " beams" + (modelVersion.isEmpty() ? "" : " from " + modelVersion)));
        }
        if (t.inferenceAnsweredAt > 0) {
            stages.add(stage("resolve-semantic-ids", now, now - t.inferenceAnsweredAt,
                    (recall == null ? 0 : recall.getObjects().size()) + " objects, " + dropped.size() + " left out"));
        }
        List<TracedBeam> beams = new ArrayList<>();
        for (int i = 0; i < Math.min(beamTexts.length, MAX_BEAMS); i++) {
            beams.add(new TracedBeam(beamTexts[i], logProbs[i]));
        }
        RecallTrace.Builder trace = start(t).setBudgetOutcome("ADMITTED").setModelVersion(modelVersion)
                .setBeamCount(beamTexts.length).setBeams(beams).setDroppedCount(dropped.size()).setDropped(dropped.subList(0, Math.min(dropped.size(), MAX_BEAMS)))
                .setFailure(failure == null ? "" : failure).setStages(stages);
        if (recall != null) {
            trace.setObjects(recall.getObjects());
        }
        return trace.build();
    }

    private static RecallTrace.Builder start(RequestTrace t) {
        List<TracedBehaviour> behaviours = new ArrayList<>(t.behaviourObjects.length);
        for (int i = 0; i < t.behaviourObjects.length; i++) {
            behaviours.add(new TracedBehaviour(t.behaviourObjects[i], t.behaviourActions[i], t.behaviourDomains[i],
                    t.behaviourTimes[i], t.behaviourCounts[i], t.behaviourCategories[i]));
        }
        return RecallTrace.newBuilder()
                .setRequestId(t.requestId).setUserId(t.userId).setTracedBecause(t.tracedBecause)
                .setArm(t.arm).setTier(t.tier).setPriority(t.priority).setTriggerReason(t.triggerReason)
                .setArpu(t.arpu).setProfile(t.profile)
                .setRulesVersion(t.rulesVersion).setPromptVersion(t.promptVersion)
                .setPrompt(t.prompt).setPromptChars(t.promptChars).setFrozenPrefixChars(t.frozenPrefixChars)
                .setBehaviours(behaviours).setEventTime(t.eventTime).setTracedAt(t.tracedAt);
    }

    private static List<TraceStage> triggerStage(RequestTrace t) {
        List<TraceStage> stages = new ArrayList<>();
        stages.add(stage("user-sequence-and-trigger", t.tracedAt, t.renderMicros / 1000,
                "prompt rendered in " + t.renderMicros + " µs, " + t.promptChars + " characters"));
        return stages;
    }

    private static TraceStage stage(String name, long endedAt, long millis, String detail) {
        return new TraceStage(name, endedAt, Math.max(0, millis), detail);
    }
}
