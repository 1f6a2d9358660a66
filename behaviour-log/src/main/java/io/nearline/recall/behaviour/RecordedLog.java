package io.nearline.recall.behaviour;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** A behaviour log read from a dataset and held in memory, optionally shifted in time as one block. */
final class RecordedLog implements BehaviourLog {

    private final String name;
    private final List<MarketingObject> catalogue;
    private final List<UserProfileUpdate> profiles;
    private final RecordedEvents events;
    private final long offsetMillis;

    RecordedLog(String name, List<MarketingObject> catalogue, List<UserProfileUpdate> profiles,
                RecordedEvents events, BehaviourLogOptions options) {
        this.name = name;
        this.events = events;
        this.offsetMillis = Rebase.offset(options.rebaseEndTime(), events.lastTime());
        this.catalogue = Collections.unmodifiableList(Rebase.catalogue(catalogue, offsetMillis));
        this.profiles = Collections.unmodifiableList(Rebase.profiles(profiles, offsetMillis));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<MarketingObject> catalogue() {
        return catalogue;
    }

    @Override
    public List<UserProfileUpdate> profiles() {
        return profiles;
    }

    @Override
    public Iterator<BehaviourEvent> events() {
        return events.iterator(offsetMillis);
    }
}
