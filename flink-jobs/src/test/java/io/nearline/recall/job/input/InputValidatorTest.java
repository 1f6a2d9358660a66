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
}
