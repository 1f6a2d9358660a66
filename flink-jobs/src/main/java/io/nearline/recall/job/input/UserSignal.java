package io.nearline.recall.job.input;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;

/** A validated input for one user: either a behaviour or a profile update. A Flink POJO. */
public class UserSignal {

    public String userId;
    public BehaviourEvent behaviour;
    public UserProfileUpdate profile;

    public UserSignal() {}

    public static UserSignal of(BehaviourEvent behaviour) {
        UserSignal signal = new UserSignal();
        signal.userId = behaviour.getUserId();
        signal.behaviour = behaviour;
        return signal;
    }

    public static UserSignal of(UserProfileUpdate profile) {
        UserSignal signal = new UserSignal();
        signal.userId = profile.getUserId();
        signal.profile = profile;
        return signal;
    }

    public boolean isBehaviour() {
        return behaviour != null;
    }

    /** When it happened: the behaviour's event time or the profile's update time. */
    public long eventTimeMillis() {
        return isBehaviour() ? behaviour.getEventTime().toEpochMilli() : profile.getUpdateTime().toEpochMilli();
    }
}
