package io.nearline.recall.job.state;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.input.UserSignal;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A validated input on its way to the user's operator and the live scorer: a byte naming the parts there, then the
 * behaviour or the profile, and the user id only when it is not the part's own (it always is, as the validator builds
 * signals). Flink's POJO serializer reached the fields through reflection, and its copy between the chained
 * validator and the event-time assigner went through Avro's generic deep copy.
 */
public final class UserSignalSerializer extends CompactSerializer<UserSignal> {

    private static final long serialVersionUID = 1L;

    public static final UserSignalSerializer INSTANCE = new UserSignalSerializer();

    /** Layout 1: the parts' bits, then the parts below in this order, in the layouts of their serializers. */
    static final int LAYOUT = 1;

    private static final List<String> FIELDS = List.of("behaviour", "profile", "userId");

    private static final int BEHAVIOUR = 1;
    private static final int PROFILE = 2;
    private static final int OWN_USER_ID = 4;

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<UserSignal> type() {
        return UserSignal.class;
    }

    @Override
    public UserSignal createInstance() {
        return new UserSignal();
    }

    @Override
    public void serialize(UserSignal signal, DataOutputView out) throws IOException {
        boolean ownUserId = !Objects.equals(signal.userId, partsUserId(signal.behaviour, signal.profile));
        out.writeByte((signal.behaviour != null ? BEHAVIOUR : 0) | (signal.profile != null ? PROFILE : 0)
                | (ownUserId ? OWN_USER_ID : 0));
        if (signal.behaviour != null) {
            BehaviourEventSerializer.INSTANCE.serialize(signal.behaviour, out);
        }
        if (signal.profile != null) {
            ProfileSerializer.INSTANCE.serialize(signal.profile, out);
        }
        if (ownUserId) {
            StateCodec.writeString(out, signal.userId);
        }
    }

    @Override
    public UserSignal deserialize(DataInputView in) throws IOException {
        int parts = in.readUnsignedByte();
        if ((parts & ~(BEHAVIOUR | PROFILE | OWN_USER_ID)) != 0) {
            throw new IOException("a user signal with parts " + Integer.toBinaryString(parts)
                    + " this layout does not have");
        }
        UserSignal signal = new UserSignal();
        signal.behaviour = (parts & BEHAVIOUR) != 0 ? BehaviourEventSerializer.INSTANCE.deserialize(in) : null;
        signal.profile = (parts & PROFILE) != 0 ? ProfileSerializer.INSTANCE.deserialize(in) : null;
        signal.userId = (parts & OWN_USER_ID) != 0 ? StateCodec.readString(in)
                : partsUserId(signal.behaviour, signal.profile);
        return signal;
    }

    /** A copy sharing only what cannot change: the behaviour and profile are new records, their maps new maps. */
    @Override
    public UserSignal copy(UserSignal from) {
        if (from == null) {
            return null;
        }
        UserSignal copy = new UserSignal();
        copy.userId = from.userId;
        copy.behaviour = BehaviourEventSerializer.INSTANCE.copy(from.behaviour);
        copy.profile = ProfileSerializer.INSTANCE.copy(from.profile);
        return copy;
    }

    /** The user id the parts carry: the behaviour's, else the profile's (null for neither). */
    private static String partsUserId(BehaviourEvent behaviour, UserProfileUpdate profile) {
        return behaviour != null ? behaviour.getUserId() : profile != null ? profile.getUserId() : null;
    }

    @Override
    public TypeSerializerSnapshot<UserSignal> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<UserSignal> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
