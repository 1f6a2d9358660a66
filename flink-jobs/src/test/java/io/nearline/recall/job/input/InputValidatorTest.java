package io.nearline.recall.job.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.schema.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputValidatorTest {

    private static final long NOW = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
    private final InputValidator validator =
            new InputValidator("behaviours", "profiles", Duration.ofDays(365), Duration.ofMinutes(10));

    static BehaviourEvent event(String user, String object, Instant time) {
        return BehaviourEvent.newBuilder().setEventId("e1").setUserId(user).setObjectId(object)
                .setAction(Action.CLICK).setDomain(Domain.AD).setEventTime(time).build();
    }

    private Validated behaviour(BehaviourEvent event) {
        return validator.validate(new RawInput("behaviours", 0, 7, Codecs.behaviourEvents().encode(event)), NOW);
    }

    @Test
    void a_wellFormedBehaviour_isAcceptedForItsUser() {
        Validated result = behaviour(event("u1", "m1", Instant.ofEpochMilli(NOW - 1000)));
        assertTrue(result.accepted());
        assertEquals("u1", result.signal().userId);
        assertTrue(result.signal().isBehaviour());
    }

    @Test
    void bytesThatAreNotAvro_areRejectedAsBadBytes() {
        Validated result = validator.validate(
                new RawInput("behaviours", 0, 1, "hello".getBytes(StandardCharsets.UTF_8)), NOW);
        assertEquals(RejectReason.BAD_BYTES, result.reason());
    }

    @Test
    void anEmptyValue_isRejectedAsBadBytes() {
        assertEquals(RejectReason.BAD_BYTES, validator.validate(new RawInput("behaviours", 0, 1, new byte[0]), NOW).reason());
        assertEquals(RejectReason.BAD_BYTES, validator.validate(new RawInput("behaviours", 0, 1, null), NOW).reason());
    }

    @Test
    void aTruncatedBody_isRejectedAsBadBytes() {
        byte[] full = Codecs.behaviourEvents().encode(event("u1", "m1", Instant.ofEpochMilli(NOW)));
        byte[] truncated = java.util.Arrays.copyOf(full, 14);
        assertEquals(RejectReason.BAD_BYTES, validator.validate(new RawInput("behaviours", 0, 1, truncated), NOW).reason());
    }

    @Test
    void anUnknownWriterSchema_isRejectedAsUnknownSchema() {
        byte[] bytes = Codecs.behaviourEvents().encode(event("u1", "m1", Instant.ofEpochMilli(NOW)));
        bytes[3] ^= 0x33;
        Validated result = validator.validate(new RawInput("behaviours", 0, 1, bytes), NOW);
        assertEquals(RejectReason.UNKNOWN_SCHEMA, result.reason());
    }

    @Test
    void aBehaviourWithoutUser_isRejectedAsMissingUser() {
        assertEquals(RejectReason.MISSING_USER, behaviour(event(" ", "m1", Instant.ofEpochMilli(NOW))).reason());
    }

    @Test
    void aBehaviourWithoutObject_isRejectedAsMissingObject() {
        assertEquals(RejectReason.MISSING_OBJECT, behaviour(event("u1", "", Instant.ofEpochMilli(NOW))).reason());
    }

    @Test
    void timestampsFarInTheFutureOrPast_areRejectedAsAbsurd() {
        Validated future = behaviour(event("u1", "m1", Instant.ofEpochMilli(NOW).plus(Duration.ofHours(1))));
        Validated past = behaviour(event("u1", "m1", Instant.ofEpochMilli(NOW).minus(Duration.ofDays(400))));
        assertEquals(RejectReason.ABSURD_TIMESTAMP, future.reason());
        assertEquals(RejectReason.ABSURD_TIMESTAMP, past.reason());
        assertTrue(future.detail().contains("future"), future.detail());
    }

    @Test
    void aSmallClockSkew_isTolerated() {
        assertTrue(behaviour(event("u1", "m1", Instant.ofEpochMilli(NOW).plus(Duration.ofMinutes(5)))).accepted());
    }

    @Test
    void aNegativeEcpm_isRejectedAsBadValue() {
        BehaviourEvent event = event("u1", "m1", Instant.ofEpochMilli(NOW));
        event.setEcpm(-3.0);
        assertEquals(RejectReason.BAD_VALUE, behaviour(event).reason());
    }

    @Test
    void profiles_areValidatedOnTheirOwnTopic() {
        UserProfileUpdate good = UserProfileUpdate.newBuilder().setUserId("u1").setArpu(12.5)
                .setAttributes(Map.of("age_bucket", "25_34")).setUpdateTime(Instant.ofEpochMilli(NOW)).build();
        UserProfileUpdate negative = UserProfileUpdate.newBuilder(good).setArpu(-1.0).build();
        var codec = Codecs.profileUpdates();
        Validated accepted = validator.validate(new RawInput("profiles", 0, 1, codec.encode(good)), NOW);
        assertTrue(accepted.accepted());
        assertEquals(12.5, accepted.signal().profile.getArpu());
        assertEquals(RejectReason.BAD_VALUE,
                validator.validate(new RawInput("profiles", 0, 2, codec.encode(negative)), NOW).reason());
    }

    @Test
    void aProfileOnTheBehaviourTopic_isNotMistakenForABehaviour() {
        UserProfileUpdate profile = UserProfileUpdate.newBuilder().setUserId("u1")
                .setUpdateTime(Instant.ofEpochMilli(NOW)).build();
        Validated result = validator.validate(
                new RawInput("behaviours", 0, 1, Codecs.profileUpdates().encode(profile)), NOW);
        assertEquals(RejectReason.UNKNOWN_SCHEMA, result.reason());
    }

    @Test
    void aRecordFromAnUnknownTopic_isRejected() {
        assertEquals(RejectReason.UNKNOWN_TOPIC, validator.validate(new RawInput("other", 0, 1, new byte[] {1}), NOW).reason());
    }

    @Test
    void infiniteOrHugePricesAndEcpm_areOutOfRange_eachNamed() {
        for (double absurd : new double[] {Double.POSITIVE_INFINITY, 1e308, 1e7 + 1}) {
            BehaviourEvent priced = event("u1", "m1", Instant.ofEpochMilli(NOW));
            priced.setPrice(absurd);
            Validated result = behaviour(priced);
            assertEquals(RejectReason.VALUE_OUT_OF_RANGE, result.reason(), "price " + absurd);
            assertTrue(result.detail().contains("price"), result.detail());
        }
        BehaviourEvent ecpm = event("u1", "m1", Instant.ofEpochMilli(NOW));
        ecpm.setEcpm(Double.POSITIVE_INFINITY);
        assertEquals(RejectReason.VALUE_OUT_OF_RANGE, behaviour(ecpm).reason());
        BehaviourEvent nan = event("u1", "m1", Instant.ofEpochMilli(NOW));
        nan.setPrice(Double.NaN);
        assertEquals(RejectReason.BAD_VALUE, behaviour(nan).reason());
    }

    @Test
    void anInfiniteArpu_isOutOfRange() {
        UserProfileUpdate profile = UserProfileUpdate.newBuilder().setUserId("u1").setArpu(Double.POSITIVE_INFINITY)
                .setUpdateTime(Instant.ofEpochMilli(NOW)).build();
        assertEquals(RejectReason.VALUE_OUT_OF_RANGE,
                validator.validate(new RawInput("profiles", 0, 1, Codecs.profileUpdates().encode(profile)), NOW).reason());
    }

    @Test
    void aUserIdOf200KB_isTooLong_andTheDetailStaysShort() {
        Validated result = behaviour(event("u".repeat(200_000), "m1", Instant.ofEpochMilli(NOW)));
        assertEquals(RejectReason.ID_TOO_LONG, result.reason());
        assertTrue(result.detail().length() < 400, "detail of " + result.detail().length() + " characters");
    }

    @Test
    void idsWithLineBreaksTabsNulOrRedisKeyCharacters_areRefused() {
        for (String id : new String[] {"a\r\nb", "a\tb", "a\u0000b", "user{1}", "user*", "a\u2028b"}) {
            Validated user = behaviour(event(id, "m1", Instant.ofEpochMilli(NOW)));
            Validated object = behaviour(event("u1", id, Instant.ofEpochMilli(NOW)));
            assertEquals(RejectReason.BAD_ID_CHARACTER, user.reason(), id);
            assertEquals(RejectReason.BAD_ID_CHARACTER, object.reason(), id);
            assertTrue(!user.detail().contains("\n") && !user.detail().contains("\r"), user.detail());
        }
    }

    @Test
    void idsWithColonsAndOtherScripts_areAccepted() {
        assertTrue(behaviour(event("tenant:42", "广告-7", Instant.ofEpochMilli(NOW))).accepted());
    }

    @Test
    void aUserIdThatIsNotUtf8_isBadText() {
        byte[] bytes = Codecs.behaviourEvents().encode(event("uXu", "m1", Instant.ofEpochMilli(NOW)));
        for (int i = 10; i < bytes.length; i++) {
            if (bytes[i] == 'X') {
                bytes[i] = (byte) 0xFF;
            }
        }
        assertEquals(RejectReason.BAD_TEXT, validator.validate(new RawInput("behaviours", 0, 1, bytes), NOW).reason());
    }

    @Test
    void trailingBytesAfterAValidBody_areBadBytes() {
        byte[] valid = Codecs.behaviourEvents().encode(event("u1", "m1", Instant.ofEpochMilli(NOW)));
        byte[] padded = java.util.Arrays.copyOf(valid, valid.length + 2);
        assertEquals(RejectReason.BAD_BYTES, validator.validate(new RawInput("behaviours", 0, 1, padded), NOW).reason());
    }

    @Test
    void tooManyOrTooLongAttributes_areRefused() {
        BehaviourEvent many = event("u1", "m1", Instant.ofEpochMilli(NOW));
        Map<String, String> attributes = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) {
            attributes.put("k" + i, "v");
        }
        many.setAttributes(attributes);
        BehaviourEvent longValue = event("u1", "m1", Instant.ofEpochMilli(NOW));
        longValue.setAttributes(Map.of("placement", "x".repeat(1_000_000)));
        assertEquals(RejectReason.ATTRIBUTES_TOO_LARGE, behaviour(many).reason());
        assertEquals(RejectReason.ATTRIBUTES_TOO_LARGE, behaviour(longValue).reason());
    }

    @Test
    void timesAtTheEndsOfTheLongRange_areAbsurd_notAnError() {
        assertEquals(RejectReason.ABSURD_TIMESTAMP, behaviour(event("u1", "m1", Instant.ofEpochMilli(Long.MAX_VALUE))).reason());
        assertEquals(RejectReason.ABSURD_TIMESTAMP, behaviour(event("u1", "m1", Instant.ofEpochMilli(Long.MIN_VALUE))).reason());
    }
}
