package io.nearline.recall.inference;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes KServe v2 raw tensor contents: fixed-size elements little-endian, row-major;
 * BYTES elements as a 4-byte little-endian length followed by the bytes.
 */
public final class TensorCodec {

    private TensorCodec() {}

    /** Number of elements a shape holds; rejects negative dimensions, which are only legal in metadata. */
    public static long elementCount(List<Long> shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new TensorFormatException("negative dimension in shape " + shape);
            }
            try {
                count = Math.multiplyExact(count, dimension);
            } catch (ArithmeticException e) {
                throw new TensorFormatException("shape " + shape + " has more elements than a long can count");
            }
        }
        return count;
    }

    public static ByteString encodeBytes(List<byte[]> elements) {
        int size = 0;
        for (byte[] element : elements) {
            size += 4 + element.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            buffer.putInt(element.length).put(element);
        }
        return ByteString.copyFrom(buffer.flip());
    }

    /** INT32 and UINT32 share this layout; the caller names the datatype in the tensor metadata. */
    public static ByteString encodeInt32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return ByteString.copyFrom(buffer);
    }

    public static ByteString encodeFp32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return ByteString.copyFrom(buffer);
    }

    public static ByteString encodeBool(boolean... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return ByteString.copyFrom(bytes);
    }

    /** Decodes exactly {@code expectedCount} BYTES elements, rejecting truncated or trailing data. */
    public static List<byte[]> decodeBytes(String tensor, ByteString raw, long expectedCount) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> elements = new ArrayList<>((int) Math.min(expectedCount, 1024));
        for (long i = 0; i < expectedCount; i++) {
            if (buffer.remaining() < 4) {
                throw new TensorFormatException(tensor + ": BYTES element " + i + " has no length prefix");
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new TensorFormatException(
                        tensor + ": BYTES element " + i + " declares " + Integer.toUnsignedString(length)
                                + " bytes but " + buffer.remaining() + " remain");
            }
            byte[] element = new byte[length];
            buffer.get(element);
            elements.add(element);
        }
        if (buffer.hasRemaining()) {
            throw new TensorFormatException(
                    tensor + ": " + buffer.remaining() + " bytes left after " + expectedCount + " BYTES elements");
        }
        return elements;
    }

    public static int[] decodeInt32(String tensor, ByteString raw, long expectedCount) {
        ByteBuffer buffer = fixedSize(tensor, raw, expectedCount, 4);
        int[] values = new int[(int) expectedCount];
        buffer.asIntBuffer().get(values);
        return values;
    }

    public static float[] decodeFp32(String tensor, ByteString raw, long expectedCount) {
        ByteBuffer buffer = fixedSize(tensor, raw, expectedCount, 4);
        float[] values = new float[(int) expectedCount];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    public static boolean[] decodeBool(String tensor, ByteString raw, long expectedCount) {
        ByteBuffer buffer = fixedSize(tensor, raw, expectedCount, 1);
        boolean[] values = new boolean[(int) expectedCount];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.get() != 0;
        }
        return values;
    }

    private static ByteBuffer fixedSize(String tensor, ByteString raw, long expectedCount, int elementBytes) {
        if (expectedCount > Integer.MAX_VALUE / elementBytes || raw.size() != expectedCount * elementBytes) {
            throw new TensorFormatException(
                    tensor + ": expected " + expectedCount + " elements of " + elementBytes + " bytes, got "
                            + raw.size() + " bytes");
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
