package io.nearline.recall.prompt;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Behaviour events and a semantic-ID table for tests, built the way producers publish them. */
final class Behaviours {

    static final long MINUTE = 60_000L;
    static final long T0 = 1_700_000_000_000L;

    private static int nextId;

    private Behaviours() {
    }

    static BehaviourEvent event(String user, String object, Action action, Domain domain, long time) {
        return event(user, object, action, domain, time, null, Map.of());
    }

    static BehaviourEvent event(String user, String object, Action action, Domain domain, long time, Double ecpm,
            Map<String, String> attributes) {
        return new BehaviourEvent("e" + (nextId++), user, object, action, domain, Instant.ofEpochMilli(time), null,
                ecpm, new HashMap<>(attributes));
    }

    static BehaviourEvent adClick(String object, long time) {
        return event("u1", object, Action.CLICK, Domain.AD, time);
    }

    static BehaviourEvent conversion(String object, long time) {
        return event("u1", object, Action.CONVERSION, Domain.AD, time);
    }

    static BehaviourEvent contentView(String object, long time) {
        return event("u1", object, Action.CONTENT_VIEW, Domain.CONTENT, time);
    }

    /** Semantic IDs from a table; objects not in it have none. */
    static final class SidTable implements SemanticIdLookup {
        final Map<String, String> ids = new HashMap<>();
        String version = "sid-1";

        SidTable put(String object, String sid) {
            ids.put(object, sid);
            return this;
        }

        @Override
        public Optional<String> render(String objectId) {
            return Optional.ofNullable(ids.get(objectId));
        }

        @Override
        public String version() {
            return version;
        }
    }

    /** Every object has a distinct 4-level ID derived from its number ("o17" -> <a_1><b_7><c_17><d_0>). */
    static SemanticIdLookup distinctIds() {
        return objectId -> {
            int n = Integer.parseInt(objectId.substring(1));
            return Optional.of("<a_" + (n % 7) + "><b_" + (n % 11) + "><c_" + n + "><d_0>");
        };
    }
}
