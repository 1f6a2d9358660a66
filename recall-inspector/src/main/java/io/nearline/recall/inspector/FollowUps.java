package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.avro.TracedBehaviour;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user did after a traced recall, as the user's later traces show it: the ad clicks and conversions that
 * came after the behaviour the recall reflects, the first of them the recall's target (live HR: a hit when the
 * target is among the recalled objects). A recall with no later traced ad click has no target yet.
 */
final class FollowUps {

    /** The ad engagements after one recall, oldest first, and where the first one ranks in it (0 for none). */
    record FollowUp(List<TracedBehaviour> engagements, int targetRank) {
        boolean hasTarget() {
            return !engagements.isEmpty();
        }

        String target() {
            return engagements.isEmpty() ? null : engagements.get(0).getObjectId();
        }

        boolean hitAt(int k) {
            return targetRank > 0 && targetRank <= k;
        }
    }

    /** One ad engagement as the ad server met it: the arm that served it and whether it hit the served top 10. */
    record Served(String arm, boolean hitAt10) {}

    private FollowUps() {}

    /**
     * Served HR as the job scores it ({@code LiveRecallScorer}): each engagement after the user's first traced request
     * is judged on the newest traced recall that reflects behaviour before it, a miss when there is none. Exact when
     * every request of the user is traced (pinned users, trace.sample-rate 1); at a lower rate an untraced newer recall
     * may be the one that was served. The arm is the served recall's, else the user's newest trace's.
     */
    static List<Served> served(List<RecallTrace> traces) {
        if (traces.isEmpty()) {
            return List.of();
        }
        long firstRequest = traces.stream().mapToLong(RecallTrace::getEventTime).min().orElseThrow();
        String userArm = ArmComparison.armOf(newest(traces));
        List<Served> served = new ArrayList<>();
        for (TracedBehaviour engagement : engagements(traces)) {
            if (engagement.getEventTime() <= firstRequest) {
                continue;
            }
            RecallTrace recall = null;
            for (RecallTrace trace : traces) {
                if (!trace.getObjects().isEmpty() && trace.getEventTime() < engagement.getEventTime()
                        && (recall == null || trace.getEventTime() > recall.getEventTime())) {
                    recall = trace;
                }
            }
            int rank = recall == null ? 0 : rank(recall.getObjects(), engagement.getObjectId());
            served.add(new Served(recall == null ? userArm : ArmComparison.armOf(recall), rank > 0 && rank <= 10));
        }
        return served;
    }

    private static RecallTrace newest(List<RecallTrace> traces) {
        return traces.stream().max(Comparator.comparingLong(RecallTrace::getTracedAt)).orElseThrow();
    }

    /** The follow-up of each trace with a recall, by request ID. */
    static Map<String, FollowUp> of(List<RecallTrace> traces) {
        List<TracedBehaviour> engagements = engagements(traces);
        Map<String, FollowUp> followUps = new LinkedHashMap<>();
        for (RecallTrace trace : traces) {
            if (trace.getObjects().isEmpty()) {
                continue;
            }
            List<TracedBehaviour> after = engagements.stream()
                    .filter(b -> b.getEventTime() > trace.getEventTime()).toList();
            followUps.put(trace.getRequestId(), new FollowUp(after, after.isEmpty() ? 0
                    : rank(trace.getObjects(), after.get(0).getObjectId())));
        }
        return followUps;
    }

    /** The ad clicks and conversions the traces show, each once, oldest first. */
    private static List<TracedBehaviour> engagements(List<RecallTrace> traces) {
        Map<String, TracedBehaviour> seen = new LinkedHashMap<>();
        for (RecallTrace trace : traces) {
            for (TracedBehaviour behaviour : trace.getBehaviours()) {
                if (behaviour.getDomain().equals("AD")
                        && (behaviour.getAction().equals("CLICK") || behaviour.getAction().equals("CONVERSION"))) {
                    seen.putIfAbsent(behaviour.getObjectId() + "@" + behaviour.getEventTime(), behaviour);
                }
            }
        }
        List<TracedBehaviour> engagements = new ArrayList<>(seen.values());
        engagements.sort(Comparator.comparingLong(TracedBehaviour::getEventTime));
        return engagements;
    }

    private static int rank(List<RecalledObject> objects, String objectId) {
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).getObjectId().equals(objectId)) {
                return i + 1;
            }
        }
        return 0;
    }
}
