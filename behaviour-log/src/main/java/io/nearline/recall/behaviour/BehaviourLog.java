package io.nearline.recall.behaviour;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.util.Iterator;
import java.util.List;

/** A replayable behaviour log: its catalogue, user profiles and time-ordered behaviour events. */
public interface BehaviourLog {

    /** Human-readable name, e.g. {@code generator(seed=42)}, {@code movielens-100k}, {@code amazon-beauty-5core}. */
    String name();

    /** Every marketing object the log's ad-domain events refer to (content-domain item ids are not marketing objects). */
    List<MarketingObject> catalogue();

    /** One profile per user: ARPU and base attributes. */
    List<UserProfileUpdate> profiles();

    /**
     * A new iterator on every call, in ascending eventTime with ties in a stable order; every call yields the same
     * events. The generator produces them lazily, so a log of any length streams in bounded memory.
     */
    Iterator<BehaviourEvent> events();
}
