package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    @Test
    void bytesElementsAreLittleEndianLengthPrefixed() {
        ByteString raw = TensorCodec.encodeBytes(List.of("ab".getBytes(StandardCharsets.UTF_8), new byte[0]));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0}, raw.toByteArray());
    }

    @Test
    void bytesRoundTripKeepsElementsInOrder() {
        List<byte[]> elements = List.of("<a_1><b_2>".getBytes(StandardCharsets.UTF_8), new byte[300]);
        List<byte[]> decoded = TensorCodec.decodeBytes("t", TensorCodec.encodeBytes(elements), 2);
        assertEquals(2, decoded.size());
        assertArrayEquals(elements.get(0), decoded.get(0));
        assertArrayEquals(elements.get(1), decoded.get(1));
    }

    @Test
    void int32IsLittleEndian() {
        assertArrayEquals(new byte[] {1, 1, 0, 0, -1, -1, -1, -1}, TensorCodec.encodeInt32(257, -1).toByteArray());
        assertArrayEquals(new int[] {257, -1}, TensorCodec.decodeInt32("t", TensorCodec.encodeInt32(257, -1), 2));
    }

    @Test
    void fp32AndBoolRoundTrip() {
        float[] values = {-1.5f, 0f, Float.NEGATIVE_INFINITY};
        assertArrayEquals(values, TensorCodec.decodeFp32("t", TensorCodec.encodeFp32(values), 3));
        assertArrayEquals(new boolean[] {true, false},
                TensorCodec.decodeBool("t", TensorCodec.encodeBool(true, false), 2));
    }

    @Test
    void truncatedBytesElementIsRejectedWithTheTensorName() {
        ByteString raw = ByteString.copyFrom(new byte[] {5, 0, 0, 0, 'a'});
        TensorFormatException e = assertThrows(TensorFormatException.class,
                () -> TensorCodec.decodeBytes("text_output", raw, 1));
        assertTrue(e.getMessage().startsWith("text_output"), e.getMessage());
    }

    @Test
    void bytesLeftOverAfterTheDeclaredElementsAreRejected() {
        ByteString raw = TensorCodec.encodeBytes(List.of(new byte[1], new byte[1]));
        assertThrows(TensorFormatException.class, () -> TensorCodec.decodeBytes("t", raw, 1));
    }

    @Test
    void fixedSizeContentsMustMatchTheShape() {
        assertThrows(TensorFormatException.class,
                () -> TensorCodec.decodeFp32("t", TensorCodec.encodeFp32(1f, 2f), 3));
        assertThrows(TensorFormatException.class,
                () -> TensorCodec.decodeInt32("t", ByteString.copyFrom(new byte[5]), 1));
    }

    @Test
    void elementCountMultipliesDimensionsAndRejectsNegativeOnes() {
        assertEquals(300, TensorCodec.elementCount(List.of(1L, 300L)));
        assertEquals(1, TensorCodec.elementCount(List.of()));
        assertThrows(TensorFormatException.class, () -> TensorCodec.elementCount(List.of(1L, -1L)));
    }

    @Test
    void unknownDatatypeNamesAreRejected() {
        assertEquals(TensorDatatype.UINT32, TensorDatatype.fromWire("UINT32"));
        assertThrows(TensorFormatException.class, () -> TensorDatatype.fromWire("FP16"));
    }
}
