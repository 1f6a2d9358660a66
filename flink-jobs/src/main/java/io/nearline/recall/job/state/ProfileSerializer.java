package io.nearline.recall.job.state;

import io.nearline.recall.avro.UserProfileUpdate;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A user's latest profile, read on every behaviour (the trigger rules weigh its ARPU): Flink's Avro serializer
 * builds a decoder and resolves the record's schema per value; the four fields are written here directly. The
 * fields are the Avro schema's, so a schema change fails the field check of its test.
 */
public final class ProfileSerializer extends CompactSerializer<UserProfileUpdate> {

    private static final long serialVersionUID = 1L;

    public static final ProfileSerializer INSTANCE = new ProfileSerializer();

    /** Layout 1: the fields below in this order. */
    static final int LAYOUT = 1;

    private static final List<String> FIELDS = List.of("userId", "arpu", "attributes", "updateTime");

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<UserProfileUpdate> type() {
        return UserProfileUpdate.class;
    }

    @Override
    public UserProfileUpdate createInstance() {
        return new UserProfileUpdate();
    }

    @Override
    public void serialize(UserProfileUpdate profile, DataOutputView out) throws IOException {
        StateCodec.writeString(out, profile.getUserId());
        Double arpu = profile.getArpu();
        out.writeBoolean(arpu != null);
        if (arpu != null) {
            out.writeDouble(arpu);
        }
        StateCodec.writeStringMap(out, profile.getAttributes());
        Instant updated = profile.getUpdateTime();
        out.writeBoolean(updated != null);
        if (updated != null) {
            out.writeLong(updated.toEpochMilli());
        }
    }

    @Override
    public UserProfileUpdate deserialize(DataInputView in) throws IOException {
        String userId = StateCodec.readString(in);
        Double arpu = in.readBoolean() ? in.readDouble() : null;
        var attributes = StateCodec.readStringMap(in);
        Instant updated = in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
        return new UserProfileUpdate(userId, arpu, attributes, updated);
    }

    /** A copy sharing only what cannot change (strings, the boxed ARPU, the time): the attributes are copied. */
    @Override
    public UserProfileUpdate copy(UserProfileUpdate from) {
        if (from == null) {
            return null;
        }
        return new UserProfileUpdate(from.getUserId(), from.getArpu(),
                from.getAttributes() == null ? null : new HashMap<>(from.getAttributes()), from.getUpdateTime());
    }

    @Override
    public TypeSerializerSnapshot<UserProfileUpdate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<UserProfileUpdate> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
