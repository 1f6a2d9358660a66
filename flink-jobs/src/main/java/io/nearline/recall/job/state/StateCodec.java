package io.nearline.recall.job.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The compact encodings the state serializers share: lengths, counts and time deltas as variable-length integers
 * (one byte below 128), strings as their UTF-8 bytes in one block (Flink's string serializer writes a string char by
 * char), and a null as length -1, so that a value restores exactly as it was written, nulls included.
 */
public final class StateCodec {

    private static final int NULL = -1;

    private StateCodec() {}

    /** A non-negative int in 1 to 5 bytes. */
    public static void writeVarInt(DataOutputView out, int value) throws IOException {
        writeVarLong(out, value & 0xFFFFFFFFL);
    }

    public static int readVarInt(DataInputView in) throws IOException {
        return (int) readVarLong(in);
    }

    /** A long read as unsigned, 7 bits a byte; small values (counts, deltas of ascending times) take one or two. */
    public static void writeVarLong(DataOutputView out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    public static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a variable-length integer longer than 10 bytes: the state is corrupt");
    }

    /** A length or count that may stand for null: -1 is null (stored as 0, every real length one more). */
    public static void writeLength(DataOutputView out, int length) throws IOException {
        writeVarInt(out, length + 1);
    }

    public static int readLength(DataInputView in) throws IOException {
        return readVarInt(in) - 1;
    }

    public static void writeString(DataOutputView out, String value) throws IOException {
        if (value == null) {
            writeLength(out, NULL);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLength(out, bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        int length = readLength(in);
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeStrings(DataOutputView out, List<String> values) throws IOException {
        if (values == null) {
            writeLength(out, NULL);
            return;
        }
        writeLength(out, values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    public static List<String> readStrings(DataInputView in) throws IOException {
        int size = readLength(in);
        if (size == NULL) {
            return null;
        }
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(readString(in));
        }
        return values;
    }

    public static void writeStringMap(DataOutputView out, Map<String, String> map) throws IOException {
        if (map == null) {
            writeLength(out, NULL);
            return;
        }
        writeLength(out, map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    public static Map<String, String> readStringMap(DataInputView in) throws IOException {
        int size = readLength(in);
        if (size == NULL) {
            return null;
        }
        Map<String, String> map = new HashMap<>(capacity(size));
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    /** A map of counts; the maps of counts in state never hold a null count, so one is a bug and refused. */
    public static void writeCountMap(DataOutputView out, Map<String, Long> map) throws IOException {
        if (map == null) {
            writeLength(out, NULL);
            return;
        }
        writeLength(out, map.size());
        for (Map.Entry<String, Long> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            Long count = entry.getValue();
            if (count == null) {
                throw new IllegalArgumentException("a null count under " + entry.getKey());
            }
            writeVarLong(out, count);
        }
    }

    public static Map<String, Long> readCountMap(DataInputView in) throws IOException {
        int size = readLength(in);
        if (size == NULL) {
            return null;
        }
        Map<String, Long> map = new HashMap<>(capacity(size));
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readVarLong(in));
        }
        return map;
    }

    private static int capacity(int size) {
        return Math.max(4, (int) (size / 0.75f) + 1);
    }
}
