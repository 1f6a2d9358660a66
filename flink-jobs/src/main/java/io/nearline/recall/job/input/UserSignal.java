package io.nearline.recall.job.input;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.state.CompactTypeInfo;
import io.nearline.recall.job.state.UserSignalSerializer;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A validated input for one user: either a behaviour or a profile update. Its records travel in the job's own
 * encoding ({@link UserSignalSerializer}), not as a Flink POJO.
 */
@TypeInfo(UserSignal.TypeFactory.class)
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

    /** Gives Flink the signal's serializer wherever a stream of signals is typed. */
    public static final class TypeFactory extends TypeInfoFactory<UserSignal> {
        @Override
        public TypeInformation<UserSignal> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new CompactTypeInfo<>(UserSignalSerializer.INSTANCE);
        }
    }
}
