package io.nearline.recall.behaviour;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Shifts a log's times by one offset, so its last event lands at a chosen instant with every gap kept. */
final class Rebase {

    private Rebase() {
    }

    /** The offset that moves {@code lastEventMillis} to the requested end, or 0 without one. */
    static long offset(Optional<Instant> end, long lastEventMillis) {
        return end.map(e -> e.toEpochMilli() - lastEventMillis).orElse(0L);
    }

    static List<MarketingObject> catalogue(List<MarketingObject> objects, long offsetMillis) {
        if (offsetMillis == 0) {
            return objects;
        }
        return objects.stream()
                .map(o -> new MarketingObject(o.getObjectId(), o.getText(), o.getAttributes(), o.getStatus(),
                        o.getUpdateTime().plusMillis(offsetMillis)))
                .toList();
    }

    static List<UserProfileUpdate> profiles(List<UserProfileUpdate> profiles, long offsetMillis) {
        if (offsetMillis == 0) {
            return profiles;
        }
        return profiles.stream()
                .map(p -> new UserProfileUpdate(p.getUserId(), p.getArpu(), p.getAttributes(),
                        p.getUpdateTime().plusMillis(offsetMillis)))
                .toList();
    }
}
