package io.nearline.recall.job.input;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.DecodeFailure;
import io.nearline.recall.schema.Decoded;
import io.nearline.recall.schema.SingleObjectCodec;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns raw records into user signals, or says exactly why one cannot be accepted: bad bytes, an
 * unknown writer schema, a missing user or object, an absurd timestamp, an impossible value.
 */
public final class InputValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String behaviourTopic;
    private final String profileTopic;
    private final long maxAgeMillis;
    private final long maxFutureSkewMillis;
    private transient SingleObjectCodec<BehaviourEvent> behaviourCodec;
    private transient SingleObjectCodec<UserProfileUpdate> profileCodec;

    public InputValidator(String behaviourTopic, String profileTopic, Duration maxAge, Duration maxFutureSkew) {
        this.behaviourTopic = behaviourTopic;
        this.profileTopic = profileTopic;
        this.maxAgeMillis = maxAge.toMillis();
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
    }

    /** Validates one record against the wall clock {@code nowMillis}. */
    public Validated validate(RawInput input, long nowMillis) {
        if (behaviourTopic.equals(input.topic)) {
            return validateBehaviour(input.value, nowMillis);
        }
        if (profileTopic.equals(input.topic)) {
            return validateProfile(input.value, nowMillis);
        }
        return Validated.reject(RejectReason.UNKNOWN_TOPIC, "no reader for topic " + input.topic);
    }

    private Validated validateBehaviour(byte[] value, long nowMillis) {
        if (behaviourCodec == null) {
            behaviourCodec = Codecs.behaviourEvents();
        }
        Decoded<BehaviourEvent> decoded = behaviourCodec.decode(value);
        if (!decoded.ok()) {
            return rejectUndecodable(decoded);
        }
        BehaviourEvent event = decoded.value();
        if (isBlank(event.getUserId())) {
            return Validated.reject(RejectReason.MISSING_USER, "behaviour " + event.getEventId() + " has no user id");
        }
        if (isBlank(event.getObjectId())) {
            return Validated.reject(RejectReason.MISSING_OBJECT, "behaviour " + event.getEventId() + " has no object id");
        }
        String timeProblem = timeProblem(event.getEventTime(), nowMillis);
        if (timeProblem != null) {
            return Validated.reject(RejectReason.ABSURD_TIMESTAMP, "behaviour " + event.getEventId() + " " + timeProblem);
        }
        if (isNegativeOrNaN(event.getEcpm()) || isNegativeOrNaN(event.getPrice())) {
            return Validated.reject(RejectReason.BAD_VALUE, "behaviour " + event.getEventId() + " has a negative or NaN price/eCPM");
        }
        return Validated.accept(UserSignal.of(event));
    }

    private Validated validateProfile(byte[] value, long nowMillis) {
        if (profileCodec == null) {
            profileCodec = Codecs.profileUpdates();
        }
        Decoded<UserProfileUpdate> decoded = profileCodec.decode(value);
        if (!decoded.ok()) {
            return rejectUndecodable(decoded);
        }
        UserProfileUpdate profile = decoded.value();
        if (isBlank(profile.getUserId())) {
            return Validated.reject(RejectReason.MISSING_USER, "profile update has no user id");
        }
        String timeProblem = timeProblem(profile.getUpdateTime(), nowMillis);
        if (timeProblem != null) {
            return Validated.reject(RejectReason.ABSURD_TIMESTAMP, "profile of " + profile.getUserId() + " " + timeProblem);
        }
        if (isNegativeOrNaN(profile.getArpu()) || (profile.getArpu() != null && profile.getArpu().isInfinite())) {
            return Validated.reject(RejectReason.BAD_VALUE, "profile of " + profile.getUserId() + " has ARPU " + profile.getArpu());
        }
        return Validated.accept(UserSignal.of(profile));
    }

    private String timeProblem(Instant time, long nowMillis) {
        long millis = time.toEpochMilli();
        if (millis > nowMillis + maxFutureSkewMillis) {
            return "is stamped " + time + ", more than " + Duration.ofMillis(maxFutureSkewMillis) + " in the future";
        }
        if (millis < nowMillis - maxAgeMillis) {
            return "is stamped " + time + ", older than " + Duration.ofMillis(maxAgeMillis);
        }
        return null;
    }

    private static Validated rejectUndecodable(Decoded<?> decoded) {
        RejectReason reason = decoded.failure() == DecodeFailure.UNKNOWN_SCHEMA
                ? RejectReason.UNKNOWN_SCHEMA : RejectReason.BAD_BYTES;
        return Validated.reject(reason, decoded.detail());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean isNegativeOrNaN(Double value) {
        return value != null && (value.isNaN() || value < 0);
    }
}
