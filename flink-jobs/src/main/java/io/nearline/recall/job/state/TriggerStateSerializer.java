package io.nearline.recall.job.state;

import io.nearline.recall.tiering.TriggerState;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A user's trigger state, read and written on every behaviour after the bootstrap. */
public final class TriggerStateSerializer extends CompactSerializer<TriggerState> {

    private static final long serialVersionUID = 1L;

    public static final TriggerStateSerializer INSTANCE = new TriggerStateSerializer();

    /** Layout 1: the fields below in this order. */
    static final int LAYOUT = 1;

    private static final List<String> FIELDS = List.of("behavioursSinceTrigger", "lastTriggerTime", "triggersToday",
            "day", "smoothedArpu", "arpuUpdates", "lastArpuUpdateTime", "tier", "pendingGrade", "urgentPending", "due",
            "dueSince", "lastBehaviourTime", "wakeUpAt");

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<TriggerState> type() {
        return TriggerState.class;
    }

    @Override
    public TriggerState createInstance() {
        return new TriggerState();
    }

    @Override
    public void serialize(TriggerState state, DataOutputView out) throws IOException {
        StateCodec.writeVarLong(out, state.behavioursSinceTrigger);
        out.writeLong(state.lastTriggerTime);
        StateCodec.writeVarInt(out, state.triggersToday);
        StateCodec.writeVarLong(out, state.day);
        out.writeDouble(state.smoothedArpu);
        StateCodec.writeVarLong(out, state.arpuUpdates);
        out.writeLong(state.lastArpuUpdateTime);
        StateCodec.writeString(out, state.tier);
        StateCodec.writeVarInt(out, state.pendingGrade);
        out.writeBoolean(state.urgentPending);
        out.writeBoolean(state.due);
        out.writeLong(state.dueSince);
        out.writeLong(state.lastBehaviourTime);
        out.writeLong(state.wakeUpAt);
    }

    @Override
    public TriggerState deserialize(DataInputView in) throws IOException {
        TriggerState state = new TriggerState();
        state.behavioursSinceTrigger = StateCodec.readVarLong(in);
        state.lastTriggerTime = in.readLong();
        state.triggersToday = StateCodec.readVarInt(in);
        state.day = StateCodec.readVarLong(in);
        state.smoothedArpu = in.readDouble();
        state.arpuUpdates = StateCodec.readVarLong(in);
        state.lastArpuUpdateTime = in.readLong();
        state.tier = StateCodec.readString(in);
        state.pendingGrade = StateCodec.readVarInt(in);
        state.urgentPending = in.readBoolean();
        state.due = in.readBoolean();
        state.dueSince = in.readLong();
        state.lastBehaviourTime = in.readLong();
        state.wakeUpAt = in.readLong();
        return state;
    }

    @Override
    public TypeSerializerSnapshot<TriggerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<TriggerState> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
