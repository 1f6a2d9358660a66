package io.nearline.recall.demo;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.behaviour.BehaviourLog;
import java.util.Iterator;

/**
 * Splits a behaviour log in time: the earlier part is history the semantic IDs and the model learn
 * from, the last part is replayed live, so the live hit rate measures prediction, not memory.
 */
record ReplayWindow(long skip, long replay, long cutTime) {

    /** At most {@code wanted} behaviours are replayed, and never more than a tenth of the log. */
    static ReplayWindow of(BehaviourLog log, long wanted) {
        long total = 0;
        for (Iterator<BehaviourEvent> events = log.events(); events.hasNext(); events.next()) {
            total++;
        }
        long replay = Math.max(1, Math.min(wanted, total / 10));
        long skip = total - replay;
        long cutTime = Long.MAX_VALUE;
        Iterator<BehaviourEvent> events = log.events();
        for (long i = 0; i <= skip && events.hasNext(); i++) {
            BehaviourEvent event = events.next();
            if (i == skip) {
                cutTime = event.getEventTime().toEpochMilli();
            }
        }
        return new ReplayWindow(skip, replay, cutTime);
    }
}
