package io.nearline.recall.tiering;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import java.time.Instant;
import java.util.Map;

/** Builds the behaviours, profiles and rules of scripted test sequences. */
final class Scripted {

    /** 2025-01-06T00:00:00Z: a Monday midnight, so day boundaries are easy to reason about. */
    static final long T0 = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();

    private static int nextId;

    private Scripted() {}

    static BehaviourEvent behaviour(String user, Action action, Domain domain, long time) {
        return BehaviourEvent.newBuilder()
                .setEventId("e" + nextId++)
                .setUserId(user)
                .setObjectId("o1")
                .setAction(action)
                .setDomain(domain)
                .setEventTime(Instant.ofEpochMilli(time))
                .setAttributes(Map.of())
                .build();
    }

    static BehaviourEvent ad(Action action, long time) {
        return behaviour("u1", action, Domain.AD, time);
    }

    static UserProfileUpdate profile(double arpu, long time) {
        return UserProfileUpdate.newBuilder()
                .setUserId("u1")
                .setArpu(arpu)
                .setAttributes(Map.of())
                .setUpdateTime(Instant.ofEpochMilli(time))
                .build();
    }

    /** Rules with the given YAML for the tiers list and a roomy budget; must be valid. */
    static TriggerRules rules(String tiersYaml) {
        return rules("arpu:\n  smoothing: 1\n  hysteresis: 0\n", tiersYaml);
    }

    static TriggerRules rules(String arpuYaml, String tiersYaml) {
        String yaml = "version: test-1\n" + arpuYaml + "tiers:\n" + tiersYaml
                + "budget:\n  requestsPerSecond: 100\n";
        return TriggerRulesParser.parse(yaml).rules();
    }
}
