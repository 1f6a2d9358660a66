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

    private FollowUps() {}

    /** The follow-up of each trace with a recall, by request ID. */
    static Map<String, FollowUp> of(List<RecallTrace> traces) {
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

    private static int rank(List<RecalledObject> objects, String objectId) {
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).getObjectId().equals(objectId)) {
                return i + 1;
            }
        }
        return 0;
    }
}
