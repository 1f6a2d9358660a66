package io.nearline.recall.job.state;

import io.nearline.recall.avro.Action;
import io.nearline.recall.prompt.BehaviourEntry;
import io.nearline.recall.prompt.PromptState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A user's prompt state, read and written on every behaviour: the rendered prefix and recent text are its bulk, so
 * strings go as UTF-8 blocks; an entry's action by name, so that a symbol added to the Avro enum moves nothing.
 */
public final class PromptStateSerializer extends CompactSerializer<PromptState> {

    private static final long serialVersionUID = 1L;

    public static final PromptStateSerializer INSTANCE = new PromptStateSerializer();

    /** Layout 1: the fields below in this order; entries as {@link #ENTRY_FIELDS}. */
    static final int LAYOUT = 1;

    private static final List<String> FIELDS = List.of("userId", "profile", "frozenAd", "frozenContent", "recentAd",
            "recentContent", "categoryCounts", "prefixCounts", "summaryCategories", "summaryPrefixes", "prefixText",
            "prefixTokens", "recentText", "recentTokens", "promptTokens", "promptVersion", "dictionaryVersion",
            "semanticIdVersion", "lastEventTime", "entriesCut", "prefixRenders");

    static final List<String> ENTRY_FIELDS = List.of("objectId", "semanticId", "action", "firstTime", "lastTime",
            "count", "repeats", "converted", "ecpm", "category", "features");

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<PromptState> type() {
        return PromptState.class;
    }

    @Override
    public PromptState createInstance() {
        return new PromptState();
    }

    @Override
    public void serialize(PromptState state, DataOutputView out) throws IOException {
        StateCodec.writeString(out, state.userId);
        StateCodec.writeStringMap(out, state.profile);
        writeEntries(out, state.frozenAd);
        writeEntries(out, state.frozenContent);
        writeEntries(out, state.recentAd);
        writeEntries(out, state.recentContent);
        StateCodec.writeCountMap(out, state.categoryCounts);
        StateCodec.writeCountMap(out, state.prefixCounts);
        StateCodec.writeStrings(out, state.summaryCategories);
        StateCodec.writeStrings(out, state.summaryPrefixes);
        StateCodec.writeString(out, state.prefixText);
        StateCodec.writeVarInt(out, state.prefixTokens);
        StateCodec.writeString(out, state.recentText);
        StateCodec.writeVarInt(out, state.recentTokens);
        StateCodec.writeVarInt(out, state.promptTokens);
        StateCodec.writeString(out, state.promptVersion);
        StateCodec.writeString(out, state.dictionaryVersion);
        StateCodec.writeString(out, state.semanticIdVersion);
        out.writeLong(state.lastEventTime);
        StateCodec.writeVarLong(out, state.entriesCut);
        StateCodec.writeVarLong(out, state.prefixRenders);
    }

    @Override
    public PromptState deserialize(DataInputView in) throws IOException {
        PromptState state = new PromptState();
        state.userId = StateCodec.readString(in);
        state.profile = StateCodec.readStringMap(in);
        state.frozenAd = readEntries(in);
        state.frozenContent = readEntries(in);
        state.recentAd = readEntries(in);
        state.recentContent = readEntries(in);
        state.categoryCounts = StateCodec.readCountMap(in);
        state.prefixCounts = StateCodec.readCountMap(in);
        state.summaryCategories = StateCodec.readStrings(in);
        state.summaryPrefixes = StateCodec.readStrings(in);
        state.prefixText = StateCodec.readString(in);
        state.prefixTokens = StateCodec.readVarInt(in);
        state.recentText = StateCodec.readString(in);
        state.recentTokens = StateCodec.readVarInt(in);
        state.promptTokens = StateCodec.readVarInt(in);
        state.promptVersion = StateCodec.readString(in);
        state.dictionaryVersion = StateCodec.readString(in);
        state.semanticIdVersion = StateCodec.readString(in);
        state.lastEventTime = in.readLong();
        state.entriesCut = StateCodec.readVarLong(in);
        state.prefixRenders = StateCodec.readVarLong(in);
        return state;
    }

    private static void writeEntries(DataOutputView out, List<BehaviourEntry> entries) throws IOException {
        if (entries == null) {
            StateCodec.writeLength(out, -1);
            return;
        }
        StateCodec.writeLength(out, entries.size());
        for (BehaviourEntry entry : entries) {
            StateCodec.writeString(out, entry.objectId);
            StateCodec.writeString(out, entry.semanticId);
            StateCodec.writeString(out, entry.action == null ? null : entry.action.name());
            out.writeLong(entry.firstTime);
            // an entry's runs are short: its last time as a delta from its first is a byte or three
            StateCodec.writeVarLong(out, entry.lastTime - entry.firstTime);
            StateCodec.writeVarInt(out, entry.count);
            StateCodec.writeVarInt(out, entry.repeats);
            out.writeBoolean(entry.converted);
            out.writeBoolean(entry.ecpm != null);
            if (entry.ecpm != null) {
                out.writeDouble(entry.ecpm);
            }
            StateCodec.writeString(out, entry.category);
            StateCodec.writeStringMap(out, entry.features);
        }
    }

    private static List<BehaviourEntry> readEntries(DataInputView in) throws IOException {
        int size = StateCodec.readLength(in);
        if (size < 0) {
            return null;
        }
        List<BehaviourEntry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            BehaviourEntry entry = new BehaviourEntry();
            entry.objectId = StateCodec.readString(in);
            entry.semanticId = StateCodec.readString(in);
            String action = StateCodec.readString(in);
            entry.action = action == null ? null : Action.valueOf(action);
            entry.firstTime = in.readLong();
            entry.lastTime = entry.firstTime + StateCodec.readVarLong(in);
            entry.count = StateCodec.readVarInt(in);
            entry.repeats = StateCodec.readVarInt(in);
            entry.converted = in.readBoolean();
            entry.ecpm = in.readBoolean() ? in.readDouble() : null;
            entry.category = StateCodec.readString(in);
            entry.features = StateCodec.readStringMap(in);
            entries.add(entry);
        }
        return entries;
    }

    @Override
    public TypeSerializerSnapshot<PromptState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<PromptState> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
