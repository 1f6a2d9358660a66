package io.nearline.recall.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.Domain;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** Crafted records are failures with a reason, never an exception or a huge allocation. */
class PoisonRecordTest {

    private final SingleObjectCodec<BehaviourEvent> codec = Codecs.behaviourEvents();

    @Test
    void aValidRecord_stillDecodes() {
        Decoded<BehaviourEvent> decoded = codec.decode(codec.encode(event("u1")));
        assertTrue(decoded.ok(), decoded.detail());
        assertEquals("u1", decoded.value().getUserId());
    }

    @Test
    void aMapBlockCountOf2To33_isBadBytes() {
        // the body up to the attributes map, then a block count of 2^33 and a few bytes
        byte[] valid = codec.encode(event("u1"));
        byte[] poison = concat(Arrays.copyOf(valid, valid.length - 1), zigzag(1L << 33), new byte[] {2, 'k', 0});
        Decoded<BehaviourEvent> decoded = codec.decode(poison);
        assertEquals(DecodeFailure.BAD_BYTES, decoded.failure());
        assertTrue(decoded.detail().contains("BehaviourEvent.attributes: 8589934592 items declared with 3 bytes left"),
                decoded.detail());
    }

    @Test
    void aDeclaredStringOf1point5GB_isRejectedFromItsLengthAlone() {
        byte[] poison = concat(header(), zigzag(1_500_000_000L), "x".repeat(16).getBytes());
        assertTrue(poison.length < 40);
        Decoded<BehaviourEvent> decoded = codec.decode(poison);
        assertEquals(DecodeFailure.BAD_BYTES, decoded.failure());
        assertTrue(decoded.detail().contains("declared length 1500000000"), decoded.detail());
    }

    @Test
    void bytesAfterAValidBody_areBadBytes() {
        byte[] poison = concat(codec.encode(event("u1")), new byte[] {0, 0, 0});
        Decoded<BehaviourEvent> decoded = codec.decode(poison);
        assertEquals(DecodeFailure.BAD_BYTES, decoded.failure());
        assertTrue(decoded.detail().contains("3 bytes after the end"), decoded.detail());
    }

    @Test
    void aUserIdThatIsNotUtf8_isBadText() {
        byte[] valid = codec.encode(event("uXu"));
        int at = indexOf(valid, (byte) 'X');
        valid[at] = (byte) 0xC3; // a lead byte followed by 'u' is not UTF-8
        Decoded<BehaviourEvent> decoded = codec.decode(valid);
        assertEquals(DecodeFailure.BAD_TEXT, decoded.failure());
        assertTrue(decoded.detail().contains("BehaviourEvent.userId: not valid UTF-8"), decoded.detail());
    }

    @Test
    void anUnknownFingerprint_isUnknownSchema() {
        byte[] valid = codec.encode(event("u1"));
        valid[5] ^= 0x55;
        assertEquals(DecodeFailure.UNKNOWN_SCHEMA, codec.decode(valid).failure());
    }

    @Test
    void randomTruncatedAndBitFlippedRecords_neverThrow() {
        Random random = new Random(7);
        byte[] valid = codec.encode(event("user-42"));
        int failures = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = switch (i % 3) {
                case 0 -> Arrays.copyOf(valid, random.nextInt(valid.length));
                case 1 -> flip(valid, random);
                default -> randomBytes(random);
            };
            Decoded<BehaviourEvent> decoded = codec.decode(bytes);
            if (!decoded.ok()) {
                failures++;
                assertFalse(decoded.detail().isBlank());
            }
        }
        assertTrue(failures > 10_000, "most mutations must fail, " + failures + " did");
    }

    @Test
    void theDeadLetterSchema_readsAndIsReadByItsPredecessor() {
        Schema current = DeadLetter.getClassSchema();
        Schema v1 = SchemaHistory.olderVersionsOf(current.getFullName()).get(0);
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(current, v1).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(v1, current).getType());
    }

    private static BehaviourEvent event(String user) {
        return BehaviourEvent.newBuilder().setEventId("e1").setUserId(user).setObjectId("m1")
                .setAction(Action.CLICK).setDomain(Domain.AD).setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setPrice(null).setEcpm(null).setAttributes(Map.of()).build();
    }

    private byte[] header() {
        return Arrays.copyOf(codec.encode(event("u1")), 10);
    }

    private static byte[] flip(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        copy[10 + random.nextInt(copy.length - 10)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private byte[] randomBytes(Random random) {
        byte[] body = new byte[random.nextInt(64)];
        random.nextBytes(body);
        return random.nextBoolean() ? concat(header(), body) : body;
    }

    private static byte[] zigzag(long value) {
        long raw = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((raw & ~0x7FL) != 0) {
            out.write((int) ((raw & 0x7F) | 0x80));
            raw >>>= 7;
        }
        out.write((int) raw);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
