package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.tiering.TriggerRules;
import io.nearline.recall.tiering.TriggerRulesParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A behaviour log written out by hand, in time order, so that every figure of a simulation can be worked out. */
final class HandBuiltLog implements BehaviourLog {

    private final List<BehaviourEvent> events = new ArrayList<>();
    private final List<UserProfileUpdate> profiles = new ArrayList<>();

    HandBuiltLog add(String user, Action action, String objectId, long time) {
        events.add(BehaviourEvent.newBuilder().setEventId("e" + events.size()).setUserId(user).setObjectId(objectId)
                .setAction(action).setDomain(Domain.AD).setEventTime(Instant.ofEpochMilli(time))
                .setAttributes(Map.of()).build());
        return this;
    }

    HandBuiltLog profile(String user, double arpu, long time) {
        profiles.add(UserProfileUpdate.newBuilder().setUserId(user).setArpu(arpu).setAttributes(Map.of())
                .setUpdateTime(Instant.ofEpochMilli(time)).build());
        return this;
    }

    @Override
    public String name() {
        return "hand-built";
    }

    @Override
    public List<MarketingObject> catalogue() {
        return List.of();
    }

    @Override
    public List<UserProfileUpdate> profiles() {
        return profiles;
    }

    @Override
    public Iterator<BehaviourEvent> events() {
        return events.iterator();
    }

    /** Rules with one tier and a roomy budget; {@code tier} is the tier's YAML after its name and minArpu. */
    static TriggerRules rules(String version, String tier, String budget) {
        return TriggerRulesParser.parse("version: " + version + "\ntiers:\n  - name: all\n    minArpu: 0\n" + tier
                + "budget:\n" + budget).rules();
    }

    static TriggerRules rules(String version, String tier) {
        return rules(version, tier, "  requestsPerSecond: 1000\n  burst: 1000\n  queueCapacity: 1000\n  maxWaitMs: 60000\n");
    }
}
