package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.TraceStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The arms side by side, over the traces of the recently traced users: per arm, its users, traced calls, the GPU
 * time they took (the inference stage), failures, live HR@K, served HR@10 ({@link FollowUps#served}) and coverage
 * (users with a recall in the store now).
 * A user is counted in the arm of their newest trace; calls and hits in the arm of their own trace.
 */
final class ArmComparison {

    /** One arm's figures; every count is of traced requests. */
    record Arm(String name, int users, int covered, int calls, int failed, long inferenceMillis, int scored,
               int hitsAt5, int hitsAt10, int hitsAtAll, int servedTargets, int servedHitsAt10) {}

    private ArmComparison() {}

    /** By arm name; {@code hasRecall} tells whether a user has a usable recall in the store. */
    static Map<String, Arm> of(List<List<RecallTrace>> byUser, Predicate<String> hasRecall) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Long> millis = new TreeMap<>();
        for (List<RecallTrace> traces : byUser) {
            if (traces.isEmpty()) {
                continue;
            }
            int[] user = counts.computeIfAbsent(armOf(traces.get(0)), a -> new int[10]);
            user[0]++;
            user[1] += hasRecall.test(traces.get(0).getUserId()) ? 1 : 0;
            for (FollowUps.Served served : FollowUps.served(traces)) {
                int[] c = counts.computeIfAbsent(served.arm(), a -> new int[10]);
                c[8]++;
                c[9] += served.hitAt10() ? 1 : 0;
            }
            Map<String, FollowUps.FollowUp> followUps = FollowUps.of(traces);
            for (RecallTrace trace : traces) {
                String arm = armOf(trace);
                int[] c = counts.computeIfAbsent(arm, a -> new int[10]);
                c[2]++;
                c[3] += trace.getFailure().isEmpty() ? 0 : 1;
                for (TraceStage stage : trace.getStages()) {
                    if (stage.getName().equals("inference")) {
                        millis.merge(arm, stage.getMillis(), Long::sum);
                    }
                }
                FollowUps.FollowUp followUp = followUps.get(trace.getRequestId());
                if (followUp != null && followUp.hasTarget()) {
                    c[4]++;
                    c[5] += followUp.hitAt(5) ? 1 : 0;
                    c[6] += followUp.hitAt(10) ? 1 : 0;
                    c[7] += followUp.hitAt(Integer.MAX_VALUE) ? 1 : 0;
                }
            }
        }
        Map<String, Arm> arms = new TreeMap<>();
        counts.forEach((name, c) -> arms.put(name, new Arm(name, c[0], c[1], c[2], c[3], millis.getOrDefault(name, 0L),
                c[4], c[5], c[6], c[7], c[8], c[9])));
        return arms;
    }

    /** The traces of one arm only, user by user (users without one left out). */
    static List<List<RecallTrace>> only(List<List<RecallTrace>> byUser, String arm) {
        List<List<RecallTrace>> kept = new ArrayList<>();
        for (List<RecallTrace> traces : byUser) {
            List<RecallTrace> inArm = traces.stream().filter(t -> armOf(t).equals(arm)).toList();
            if (!inArm.isEmpty()) {
                kept.add(inArm);
            }
        }
        return kept;
    }

    /** A trace written before arms existed has none: it was in the implicit arm. */
    static String armOf(RecallTrace trace) {
        return trace.getArm().isEmpty() ? io.nearline.recall.cache.RecallKeys.DEFAULT_ARM : trace.getArm();
    }
}
