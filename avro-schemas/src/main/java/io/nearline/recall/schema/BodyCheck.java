package io.nearline.recall.schema;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    private final byte[] bytes;
    private int position;

    private BodyCheck(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    /** The first problem of the body starting at {@code offset}, or null when it is well-formed and ends the record. */
    static Problem check(Schema writer, byte[] bytes, int offset) {
        BodyCheck walk = new BodyCheck(bytes, offset);
        try {
            walk.value(writer, writer.getName(), 0);
        } catch (Malformed e) {
            return new Problem(e.getMessage(), e.badText);
        }
        int trailing = bytes.length - walk.position;
        return trailing == 0 ? null : new Problem(trailing + " bytes after the end of the body", false);
    }

    private void value(Schema schema, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed(path + ": nested deeper than " + MAX_DEPTH);
        }
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> {
                int b = readByte(path);
                if (b != 0 && b != 1) {
                    throw new Malformed(path + ": boolean byte " + b);
                }
            }
            case INT -> varint(path, 5);
            case LONG -> varint(path, 10);
            case FLOAT -> skip(4, path);
            case DOUBLE -> skip(8, path);
            case FIXED -> skip(schema.getFixedSize(), path);
            case BYTES -> skip(length(path), path);
            case STRING -> utf8(path, length(path));
            case ENUM -> index(path, schema.getEnumSymbols().size(), "enum symbol");
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                int branch = index(path, branches.size(), "union branch");
                value(branches.get(branch), path, depth + 1);
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    value(field.schema(), path + "." + field.name(), depth + 1);
                }
            }
            case ARRAY -> blocks(schema.getElementType(), null, path, depth);
            case MAP -> blocks(schema.getValueType(), Schema.create(Schema.Type.STRING), path, depth);
        }
    }

    private void blocks(Schema item, Schema key, String path, int depth) {
        boolean itemsMayBeEmpty = key == null && minimumSize(item, 0) == 0;
        long items = 0;
        while (true) {
            long count = varint(path + " block count", 10);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                // a negative count is followed by the block's size in bytes
                long size = varint(path + " block size", 10);
                if (size < 0 || size > remaining()) {
                    throw new Malformed(path + ": block of " + size + " bytes with " + remaining() + " left");
                }
                count = -count;
            }
            items += count;
            long bound = itemsMayBeEmpty ? MAX_ZERO_SIZE_ITEMS : remaining();
            if (count < 0 || items > bound) {
                throw new Malformed(path + ": " + count + " items declared with " + remaining() + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    value(key, path + " key", depth + 1);
                }
                value(item, path + "[]", depth + 1);
            }
        }
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

    private int index(String path, int size, String what) {
        long index = varint(path, 10);
        if (index < 0 || index >= size) {
            throw new Malformed(path + ": " + what + " " + index + " of " + size);
        }
        return (int) index;
    }

    private int length(String path) {
        long length = varint(path + " length", 10);
        if (length < 0 || length > remaining()) {
            throw new Malformed(path + ": declared length " + length + " with " + remaining() + " bytes left");
        }
        return (int) length;
    }

    private void utf8(String path, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length));
        } catch (CharacterCodingException e) {
            throw new Malformed(path + ": not valid UTF-8", true);
        }
        position += length;
    }

    /** A zig-zag varint of at most {@code maxBytes} bytes. */
    private long varint(String path, int maxBytes) {
        long raw = 0;
        for (int shift = 0, read = 0; ; shift += 7) {
            if (read == maxBytes) {
                throw new Malformed(path + ": varint longer than " + maxBytes + " bytes");
            }
            int b = readByte(path) & 0xff;
            read++;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    private void skip(int count, String path) {
        if (count > remaining()) {
            throw new Malformed(path + ": needs " + count + " bytes, " + remaining() + " left");
        }
        position += count;
    }

    private byte readByte(String path) {
        if (remaining() < 1) {
            throw new Malformed(path + ": needs 1 byte, none left");
        }
        return bytes[position++];
    }

    private int remaining() {
        return bytes.length - position;
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
