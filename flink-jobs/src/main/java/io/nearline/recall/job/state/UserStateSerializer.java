package io.nearline.recall.job.state;

import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.user.RecentBehaviours;
import io.nearline.recall.job.user.UserState;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.tiering.TriggerState;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A user's whole state: a byte saying which parts are there, then each part there in the encoding of its own
 * serializer, so a part's layout is what its serializer's layout says.
 */
public final class UserStateSerializer extends CompactSerializer<UserState> {

    private static final long serialVersionUID = 1L;

    public static final UserStateSerializer INSTANCE = new UserStateSerializer();

    /** Layout 1: the parts' presence bits, then the parts below in this order, in the layouts of {@link #PART_LAYOUTS}. */
    static final int LAYOUT = 1;

    /**
     * The layouts of the parts' serializers this layout writes (sequence, prompt, trigger, profile): a part's new
     * layout is a new layout of the whole, as a test checks.
     */
    static final List<Integer> PART_LAYOUTS = List.of(1, 1, 1, 1);

    private static final List<String> FIELDS = List.of("recent", "prompt", "trigger", "profile");

    private static final int RECENT = 1;
    private static final int PROMPT = 2;
    private static final int TRIGGER = 4;
    private static final int PROFILE = 8;

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<UserState> type() {
        return UserState.class;
    }

    @Override
    public UserState createInstance() {
        return new UserState();
    }

    @Override
    public void serialize(UserState user, DataOutputView out) throws IOException {
        out.writeByte((user.recent != null ? RECENT : 0) | (user.prompt != null ? PROMPT : 0)
                | (user.trigger != null ? TRIGGER : 0) | (user.profile != null ? PROFILE : 0));
        if (user.recent != null) {
            RecentBehavioursSerializer.INSTANCE.serialize(user.recent, out);
        }
        if (user.prompt != null) {
            PromptStateSerializer.INSTANCE.serialize(user.prompt, out);
        }
        if (user.trigger != null) {
            TriggerStateSerializer.INSTANCE.serialize(user.trigger, out);
        }
        if (user.profile != null) {
            ProfileSerializer.INSTANCE.serialize(user.profile, out);
        }
    }

    @Override
    public UserState deserialize(DataInputView in) throws IOException {
        int parts = in.readUnsignedByte();
        if ((parts & ~(RECENT | PROMPT | TRIGGER | PROFILE)) != 0) {
            throw new IOException("a user's state with parts " + Integer.toBinaryString(parts)
                    + " this layout does not have");
        }
        RecentBehaviours recent = (parts & RECENT) != 0 ? RecentBehavioursSerializer.INSTANCE.deserialize(in) : null;
        PromptState prompt = (parts & PROMPT) != 0 ? PromptStateSerializer.INSTANCE.deserialize(in) : null;
        TriggerState trigger = (parts & TRIGGER) != 0 ? TriggerStateSerializer.INSTANCE.deserialize(in) : null;
        UserProfileUpdate profile = (parts & PROFILE) != 0 ? ProfileSerializer.INSTANCE.deserialize(in) : null;
        return new UserState(recent, prompt, trigger, profile);
    }

    @Override
    public TypeSerializerSnapshot<UserState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<UserState> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
