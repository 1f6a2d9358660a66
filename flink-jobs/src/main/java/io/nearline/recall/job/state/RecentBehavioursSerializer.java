package io.nearline.recall.job.state;

import io.nearline.recall.job.user.RecentBehaviours;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A user's recent behaviours, read and written on every behaviour: the event times ascend, so after the first each
 * is its gap to the one before, a byte or three instead of eight.
 */
public final class RecentBehavioursSerializer extends CompactSerializer<RecentBehaviours> {

    private static final long serialVersionUID = 1L;

    public static final RecentBehavioursSerializer INSTANCE = new RecentBehavioursSerializer();

    /** Layout 1: the count of behaviours, then ids, first time and gaps, then behaviours seen. */
    static final int LAYOUT = 1;

    private static final List<String> FIELDS = List.of("eventIds", "eventTimes", "behavioursSeen");

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<RecentBehaviours> type() {
        return RecentBehaviours.class;
    }

    @Override
    public RecentBehaviours createInstance() {
        return new RecentBehaviours();
    }

    @Override
    public void serialize(RecentBehaviours recent, DataOutputView out) throws IOException {
        int size = recent.eventIds.length;
        if (recent.eventTimes.length != size) {
            throw new IllegalArgumentException(size + " event ids but " + recent.eventTimes.length + " event times");
        }
        StateCodec.writeVarInt(out, size);
        for (String id : recent.eventIds) {
            StateCodec.writeString(out, id);
        }
        long previous = 0;
        for (int i = 0; i < size; i++) {
            long time = recent.eventTimes[i];
            // the first is written whole; unsigned wrap-around keeps any gap exact, ascending ones short
            if (i == 0) {
                out.writeLong(time);
            } else {
                StateCodec.writeVarLong(out, time - previous);
            }
            previous = time;
        }
        StateCodec.writeVarLong(out, recent.behavioursSeen);
    }

    @Override
    public RecentBehaviours deserialize(DataInputView in) throws IOException {
        int size = StateCodec.readVarInt(in);
        RecentBehaviours recent = new RecentBehaviours();
        String[] ids = new String[size];
        for (int i = 0; i < size; i++) {
            ids[i] = StateCodec.readString(in);
        }
        long[] times = new long[size];
        for (int i = 0; i < size; i++) {
            times[i] = i == 0 ? in.readLong() : times[i - 1] + StateCodec.readVarLong(in);
        }
        recent.eventIds = ids;
        recent.eventTimes = times;
        recent.behavioursSeen = StateCodec.readVarLong(in);
        return recent;
    }

    @Override
    public TypeSerializerSnapshot<RecentBehaviours> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<RecentBehaviours> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
