package io.nearline.recall.behaviour;

import io.nearline.recall.avro.BehaviourEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Test fixtures: the small dataset files under src/test/resources and event collection. */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<BehaviourEvent> all(BehaviourLog log) {
        List<BehaviourEvent> events = new ArrayList<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            events.add(it.next());
        }
        return events;
    }

    static List<Long> times(List<BehaviourEvent> events) {
        return events.stream().map(e -> e.getEventTime().toEpochMilli()).toList();
    }
}
