package io.nearline.recall.inspector;

import io.nearline.recall.avro.DroppedBeam;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.avro.TraceStage;
import io.nearline.recall.avro.TracedBeam;
import io.nearline.recall.avro.TracedBehaviour;
import java.util.List;
import java.util.Map;

/** Traces as the job writes them, for the inspector's tests. */
final class SampleTraces {

    private SampleTraces() {}

    /** A traced request of {@code user} at {@code at} recalling {@code objects}, after the given ad clicks. */
    static RecallTrace recall(String user, String requestId, long at, String tier, List<String> objects,
                              List<String> clickedBefore) {
        List<TracedBehaviour> behaviours = new java.util.ArrayList<>();
        long time = at - 1000L * clickedBefore.size();
        for (String object : clickedBefore) {
            behaviours.add(new TracedBehaviour(object, "CLICK", "AD", time, 1, "shoes"));
            time += 1000;
        }
        behaviours.add(new TracedBehaviour("content-9", "CONTENT_VIEW", "CONTENT", at - 1, 1, "sports"));
        List<RecalledObject> recalled = new java.util.ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            recalled.add(new RecalledObject(objects.get(i), "<a_" + i + "><b_2><c_3>", -0.1 * (i + 1)));
        }
        return RecallTrace.newBuilder().setRequestId(requestId).setUserId(user).setTracedBecause("pinned")
                .setTier(tier).setPriority(3).setTriggerReason("click on an ad, grade 2").setArpu(42.5)
                .setProfile(Map.of("age", "25-34")).setRulesVersion("rules-7").setPromptVersion("p1/d1/s1")
                .setModelVersion("count:1").setPrompt("User: age 25-34\nRecent: <b>shoes</b>").setPromptChars(37)
                .setFrozenPrefixChars(16).setBehaviours(behaviours).setBudgetOutcome("ADMITTED")
                .setBeamCount(objects.size() + 1)
                .setBeams(List.of(new TracedBeam("<a_0><b_2><c_3>", -0.1), new TracedBeam("<a_9><b_9><c_9>", -3.0)))
                .setObjects(recalled).setDroppedCount(1)
                .setDropped(List.of(new DroppedBeam("<a_9><b_9><c_9>", "not in delivery: no object")))
                .setStages(List.of(new TraceStage("user-sequence-and-trigger", at, 0L, "prompt rendered"),
                        new TraceStage("gpu-budget", at + 2, 2L, "admitted after 2 ms in the queue"),
                        new TraceStage("inference", at + 9, 7L, "2 beams from count:1"),
                        new TraceStage("resolve-semantic-ids", at + 10, 1L, "1 objects, 1 left out")))
                .setEventTime(at - 1).setTracedAt(at).build();
    }

    /** A traced request the budget shed. */
    static RecallTrace shed(String user, String requestId, long at) {
        return RecallTrace.newBuilder(recall(user, requestId, at, "bronze", List.of(), List.of()))
                .setBudgetOutcome("SHED_QUEUE_FULL").setFailure("BUDGET_SHED_QUEUE_FULL").setBeamCount(0)
                .setBeams(List.of()).setDroppedCount(0).setDropped(List.of()).setObjects(List.of())
                .setStages(List.of(new TraceStage("user-sequence-and-trigger", at, 0L, ""),
                        new TraceStage("gpu-budget", at + 50, 50L, "shed: QUEUE_FULL")))
                .build();
    }
}
