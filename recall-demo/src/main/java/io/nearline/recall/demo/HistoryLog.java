package io.nearline.recall.demo;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The part of a behaviour log before a cut in event time: what a model may learn from before the replay. */
record HistoryLog(BehaviourLog log, long untilMillis) implements BehaviourLog {

    @Override
    public String name() {
        return log.name() + " before " + untilMillis;
    }

    @Override
    public List<MarketingObject> catalogue() {
        return log.catalogue();
    }

    @Override
    public List<UserProfileUpdate> profiles() {
        return log.profiles();
    }

    @Override
    public Iterator<BehaviourEvent> events() {
        Iterator<BehaviourEvent> all = log.events();
        return new Iterator<>() {
            private BehaviourEvent next = advance();

            private BehaviourEvent advance() {
                if (!all.hasNext()) {
                    return null;
                }
                BehaviourEvent event = all.next();
                // the log is in event-time order: the first event at the cut ends the history
                return event.getEventTime().toEpochMilli() < untilMillis ? event : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public BehaviourEvent next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                BehaviourEvent current = next;
                next = advance();
                return current;
            }
        };
    }
}
