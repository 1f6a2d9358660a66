package io.nearline.recall.job.input;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Generates bad records of many kinds, each with the reason the job must give it (null where a random
 * mutation may or may not still be a valid record). Mutated records belong to users named
 * {@code mut-*}, so whatever they become they never touch the good users of a test.
 */
public final class PoisonRecords {

    /** The kinds of bad record, with the reason each must be dead-lettered for (null: either outcome). */
    public enum Kind {
        RANDOM_BYTES(RejectReason.BAD_BYTES),
        EMPTY_VALUE(RejectReason.BAD_BYTES),
        TRUNCATED(RejectReason.BAD_BYTES),
        BODY_BIT_FLIPPED(null),
        WRONG_FINGERPRINT(RejectReason.UNKNOWN_SCHEMA),
        HUGE_DECLARED_LENGTH(RejectReason.BAD_BYTES),
        HUGE_BLOCK_COUNT(RejectReason.BAD_BYTES),
        TRAILING_BYTES(RejectReason.BAD_BYTES),
        INVALID_UTF8_ID(RejectReason.BAD_TEXT),
        TIME_FAR_PAST(RejectReason.ABSURD_TIMESTAMP),
        TIME_FAR_FUTURE(RejectReason.ABSURD_TIMESTAMP),
        NON_FINITE_PRICE(RejectReason.VALUE_OUT_OF_RANGE),
        HUGE_PRICE(RejectReason.VALUE_OUT_OF_RANGE),
        NAN_ECPM(RejectReason.BAD_VALUE),
        INFINITE_ARPU(RejectReason.VALUE_OUT_OF_RANGE),
        EMPTY_USER(RejectReason.MISSING_USER),
        EMPTY_OBJECT(RejectReason.MISSING_OBJECT),
        HUGE_ID(RejectReason.ID_TOO_LONG),
        MEGABYTE_USER_ID(RejectReason.ID_TOO_LONG),
        MEGABYTE_ATTRIBUTE(RejectReason.ATTRIBUTES_TOO_LARGE),
        CONTROL_CHARACTER_ID(RejectReason.BAD_ID_CHARACTER),
        REDIS_KEY_CHARACTER_ID(RejectReason.BAD_ID_CHARACTER);

        public final RejectReason reason;

        Kind(RejectReason reason) {
            this.reason = reason;
        }

        /** Megabyte records are few: they test the dead-letter size bound, not throughput. */
        public boolean large() {
            return this == MEGABYTE_USER_ID || this == MEGABYTE_ATTRIBUTE;
        }

        public boolean profile() {
            return this == INFINITE_ARPU;
        }
    }

    /** One generated record: its kind, the key it is sent with, and its bytes (null for a tombstone). */
    public record Poison(Kind kind, String key, byte[] value) {}

    private static final String[] CONTROL = {"\r\n", "\t", "\u0000", "\u001b[2J", "\u2028"};
    private static final String[] KEY_CHARACTERS = {"{", "}", "*", "?", "[", "]"};

    private final SingleObjectCodec<BehaviourEvent> behaviours = Codecs.behaviourEvents();
    private final SingleObjectCodec<UserProfileUpdate> profiles = Codecs.profileUpdates();
    private final Random random;
    private final Instant now;
    private long serial;

    public PoisonRecords(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
    }

    public Poison next(Kind kind) {
        String user = "mut-" + (serial++);
        BehaviourEvent valid = event(user);
        byte[] bytes = behaviours.encode(valid);
        byte[] value = switch (kind) {
            case RANDOM_BYTES -> randomBytes();
            case EMPTY_VALUE -> random.nextBoolean() ? new byte[0] : null;
            case TRUNCATED -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case BODY_BIT_FLIPPED -> flip(bytes, 10 + random.nextInt(bytes.length - 10));
            case WRONG_FINGERPRINT -> flip(bytes, 2 + random.nextInt(8));
            case HUGE_DECLARED_LENGTH -> concat(Arrays.copyOf(bytes, 10),
                    zigzag(1_000_000L + random.nextInt(Integer.MAX_VALUE - 1_000_000)), new byte[] {'a', 'b'});
            case HUGE_BLOCK_COUNT -> concat(Arrays.copyOf(bytes, bytes.length - 1), zigzag(1L << (31 + random.nextInt(30))),
                    new byte[] {2, 'k', 2, 'v', 0});
            case TRAILING_BYTES -> concat(bytes, new byte[1 + random.nextInt(8)]);
            case INVALID_UTF8_ID -> invalidUtf8(user);
            case TIME_FAR_PAST -> encode(copy(valid).setEventTime(Instant.ofEpochMilli(-random.nextInt(1_000_000) * 1000L)));
            case TIME_FAR_FUTURE -> encode(copy(valid).setEventTime(now.plus(Duration.ofDays(1 + random.nextInt(100_000)))));
            case NON_FINITE_PRICE -> encode(copy(valid).setPrice(Double.POSITIVE_INFINITY));
            case HUGE_PRICE -> encode(copy(valid).setPrice(random.nextBoolean() ? 1e308 : Double.MAX_VALUE));
            case NAN_ECPM -> encode(copy(valid).setEcpm(Double.NaN));
            case INFINITE_ARPU -> profiles.encode(UserProfileUpdate.newBuilder().setUserId(user)
                    .setArpu(Double.POSITIVE_INFINITY).setUpdateTime(now).build());
            case EMPTY_USER -> encode(copy(valid).setUserId(random.nextBoolean() ? "" : "   "));
            case EMPTY_OBJECT -> encode(copy(valid).setObjectId(""));
            case HUGE_ID -> encode(copy(valid).setUserId(user + "x".repeat(129 + random.nextInt(20_000))));
            case MEGABYTE_USER_ID -> encode(copy(valid).setUserId("m".repeat(1_000_000)));
            case MEGABYTE_ATTRIBUTE -> encode(copy(valid).setAttributes(Map.of("placement", "p".repeat(1_000_000))));
            case CONTROL_CHARACTER_ID -> encode(copy(valid).setUserId(user + pick(CONTROL) + "x"));
            case REDIS_KEY_CHARACTER_ID -> random.nextBoolean()
                    ? encode(copy(valid).setUserId(user + pick(KEY_CHARACTERS)))
                    : encode(copy(valid).setObjectId("obj" + pick(KEY_CHARACTERS) + "1"));
        };
        return new Poison(kind, user, value);
    }

    private BehaviourEvent event(String user) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("placement", "feed");
        return BehaviourEvent.newBuilder().setEventId("e-" + user).setUserId(user).setObjectId("m" + random.nextInt(50))
                .setAction(Action.CLICK).setDomain(Domain.AD).setEventTime(now.minusSeconds(random.nextInt(3600)))
                .setPrice(null).setEcpm(1.5).setAttributes(attributes).build();
    }

    private static BehaviourEvent.Builder copy(BehaviourEvent event) {
        return BehaviourEvent.newBuilder(event);
    }

    private byte[] encode(BehaviourEvent.Builder event) {
        return behaviours.encode(event.build());
    }

    private byte[] invalidUtf8(String user) {
        byte[] bytes = behaviours.encode(copy(event(user)).setUserId(user + "Q").build());
        for (int i = 10; i < bytes.length; i++) {
            if (bytes[i] == 'Q') {
                bytes[i] = (byte) (0xF8 + random.nextInt(8)); // never a UTF-8 byte
                return bytes;
            }
        }
        throw new AssertionError("marker not found");
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        if (bytes[0] == (byte) 0xC3) {
            bytes[0] = 0; // not the single-object magic, so certainly not a record
        }
        return bytes;
    }

    private byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    static byte[] zigzag(long value) {
        long raw = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((raw & ~0x7FL) != 0) {
            out.write((int) ((raw & 0x7F) | 0x80));
            raw >>>= 7;
        }
        out.write((int) raw);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
