package io.nearline.recall.job.state;

import io.nearline.recall.job.user.RecentBehaviours;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A user's recent behaviours, read and written on every behaviour: the event times ascend, so after the first each
 * is its gap to the one before, a byte or three instead of eight. The ids go from the sequence's UTF-8 block to the
 * stream and back without becoming strings; on the stream each is written as {@link StateCodec} writes a string, so
 * the layout is the one the string-keeping sequence wrote.
 */
public final class RecentBehavioursSerializer extends CompactSerializer<RecentBehaviours> {

    private static final long serialVersionUID = 1L;

    public static final RecentBehavioursSerializer INSTANCE = new RecentBehavioursSerializer();

    /** Layout 1: the count of behaviours, then ids, first time and gaps, then behaviours seen. */
    static final int LAYOUT = 1;

    /** The first guess at an id's length (the generator's are 10-16 bytes, UUIDs 36): the block grows if not. */
    private static final int TYPICAL_ID_BYTES = 24;

    /** The ids are written from their encoded fields; {@code eventIds} only carries an older savepoint's ids in. */
    private static final List<String> FIELDS = List.of("eventIds", "idBytes", "idEnds", "eventTimes", "behavioursSeen");

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
        int size = recent.size();
        StateCodec.writeVarInt(out, size);
        // each id as StateCodec writes a string, straight from the encoded block
        byte[] ids = recent.encodedIds();
        for (int i = 0; i < size; i++) {
            int start = recent.idStart(i);
            int length = recent.idEnd(i) - start;
            StateCodec.writeLength(out, length);
            out.write(ids, start, length);
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
        byte[] ids = new byte[Math.max(16, size * TYPICAL_ID_BYTES)];
        int[] ends = new int[size];
        int end = 0;
        for (int i = 0; i < size; i++) {
            int length = StateCodec.readLength(in);
            if (length < 0) {
                throw new IOException("a null event id in a user's sequence: the state is corrupt");
            }
            if (end + length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(ids.length * 2, end + length));
            }
            in.readFully(ids, end, length);
            end += length;
            ends[i] = end;
        }
        long[] times = new long[size];
        for (int i = 0; i < size; i++) {
            times[i] = i == 0 ? in.readLong() : times[i - 1] + StateCodec.readVarLong(in);
        }
        // the block at its exact length, as stored: the first insert that needs room gives it some
        byte[] exact = end == ids.length ? ids : Arrays.copyOf(ids, end);
        return RecentBehaviours.encoded(exact, ends, times, StateCodec.readVarLong(in));
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
