package io.nearline.recall.schema;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema before Avro decodes it, so that a crafted record
 * cannot make the decoder allocate more than the record holds: every declared length and block count is
 * checked against the bytes left, every union and enum index against the schema, every string is
 * checked to be UTF-8, and bytes after the body are an error.
 *
 * <p>Avro itself allocates a declared string length before it finds the bytes missing (a 31-byte record
 * can ask for 1.5 GB) and throws several kinds of runtime exception on crafted block counts.
 */
final class BodyCheck {

    /** Collections of items that may encode to zero bytes (arrays of null) cannot be bounded by size. */
    static final long MAX_ZERO_SIZE_ITEMS = 65_536;
    private static final int MAX_DEPTH = 64;

    /** What is wrong with a body, and whether it is text that is not UTF-8. */
    record Problem(String detail, boolean badText) {}

    private static final Schema MAP_KEY = Schema.create(Schema.Type.STRING);

    private final byte[] bytes;
    private int position;
    /**
     * The path to the value being read, one part a level (the record's name, then a field, "[]" or " key"), joined
     * only for an error: building it for every value was most of the check's cost.
     */
    private final Object[] path = new Object[MAX_DEPTH + 2];
    private int depth;

    private BodyCheck(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    /** The first problem of the body starting at {@code offset}, or null when it is well-formed and ends the record. */
    static Problem check(Schema writer, byte[] bytes, int offset) {
        BodyCheck walk = new BodyCheck(bytes, offset);
        try {
            walk.path[0] = writer.getName();
            walk.value(writer);
        } catch (Malformed e) {
            return new Problem(e.getMessage(), e.badText);
        }
        int trailing = bytes.length - walk.position;
        return trailing == 0 ? null : new Problem(trailing + " bytes after the end of the body", false);
    }

    /** Reads a value of {@code schema} at the current depth, whose path part is set. */
    private void value(Schema schema) {
        if (depth > MAX_DEPTH) {
            throw malformed(": nested deeper than " + MAX_DEPTH);
        }
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> {
                int b = readByte("");
                if (b != 0 && b != 1) {
                    throw malformed(": boolean byte " + b);
                }
            }
            case INT -> varint("", 5);
            case LONG -> varint("", 10);
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case FIXED -> skip(schema.getFixedSize());
            case BYTES -> skip(length());
            case STRING -> utf8(length());
            case ENUM -> index(schema.getEnumSymbols().size(), "enum symbol");
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                int branch = index(branches.size(), "union branch");
                // a branch is the same value, so it keeps its path but counts as a level against nesting
                nested(branches.get(branch), "");
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    nested(field.schema(), field);
                }
            }
            case ARRAY -> blocks(schema.getElementType(), null);
            case MAP -> blocks(schema.getValueType(), MAP_KEY);
        }
    }

    /** Reads a value one level down; {@code part} is a {@link Schema.Field} or the text its path adds. */
    private void nested(Schema schema, Object part) {
        path[++depth] = part;
        value(schema);
        depth--;
    }

    private void blocks(Schema item, Schema key) {
        long items = 0;
        while (true) {
            long count = varint(" block count", 10);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                // a negative count is followed by the block's size in bytes
                long size = varint(" block size", 10);
                if (size < 0 || size > remaining()) {
                    throw malformed(": block of " + size + " bytes with " + remaining() + " left");
                }
                count = -count;
            }
            items += count;
            if (count < 0 || items > Math.min(remaining(), MAX_ZERO_SIZE_ITEMS) && items > bound(item, key)) {
                throw malformed(": " + count + " items declared with " + remaining() + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    nested(key, " key");
                }
                nested(item, "[]");
            }
        }
    }

    /** The most items a collection may declare: one a byte left, or a fixed number when items may take no bytes. */
    private long bound(Schema item, Schema key) {
        return key == null && minimumSize(item, 0) == 0 ? MAX_ZERO_SIZE_ITEMS : remaining();
    }

    /** The fewest bytes any value of the schema encodes to. */
    private static int minimumSize(Schema schema, int depth) {
        if (depth > MAX_DEPTH) {
            return 0;
        }
        return switch (schema.getType()) {
            case NULL -> 0;
            case FIXED -> schema.getFixedSize();
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case RECORD -> schema.getFields().stream().mapToInt(f -> minimumSize(f.schema(), depth + 1)).sum();
            default -> 1;
        };
    }

    private int index(int size, String what) {
        long index = varint("", 10);
        if (index < 0 || index >= size) {
            throw malformed(": " + what + " " + index + " of " + size);
        }
        return (int) index;
    }

    private int length() {
        long length = varint(" length", 10);
        if (length < 0 || length > remaining()) {
            throw malformed(": declared length " + length + " with " + remaining() + " bytes left");
        }
        return (int) length;
    }

    private void utf8(int length) {
        if (!WellFormedUtf8.check(bytes, position, length)) {
            throw new Malformed(path() + ": not valid UTF-8", true);
        }
        position += length;
    }

    /** A zig-zag varint of at most {@code maxBytes} bytes; {@code what} names it after the path in an error. */
    private long varint(String what, int maxBytes) {
        long raw = 0;
        for (int shift = 0, read = 0; ; shift += 7) {
            if (read == maxBytes) {
                throw malformed(what + ": varint longer than " + maxBytes + " bytes");
            }
            int b = readByte(what) & 0xff;
            read++;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    private void skip(int count) {
        if (count > remaining()) {
            throw malformed(": needs " + count + " bytes, " + remaining() + " left");
        }
        position += count;
    }

    private byte readByte(String what) {
        if (remaining() < 1) {
            throw malformed(what + ": needs 1 byte, none left");
        }
        return bytes[position++];
    }

    private int remaining() {
        return bytes.length - position;
    }

    private Malformed malformed(String afterPath) {
        return new Malformed(path() + afterPath);
    }

    private String path() {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i <= depth; i++) {
            joined.append(path[i] instanceof Schema.Field field ? "." + field.name() : path[i]);
        }
        return joined.toString();
    }

    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean badText;

        Malformed(String message) {
            this(message, false);
        }

        Malformed(String message, boolean badText) {
            super(message, null, false, false);
            this.badText = badText;
        }
    }
}
