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
import java.util.function.Supplier;

/**
 * Turns raw records into user signals, or says exactly why one cannot be accepted: bad bytes, text that
 * is not UTF-8, an unknown writer schema, a missing, overlong or unusable user or object ID, an absurd
 * timestamp, a negative, non-finite or out-of-range value. It never throws for any input.
 */
public final class InputValidator implements Serializable {

    private static final long serialVersionUID = 2L;

    private final String behaviourTopic;
    private final String profileTopic;
    private final ValidationLimits limits;
    private transient SingleObjectCodec<BehaviourEvent> behaviourCodec;
    private transient SingleObjectCodec<UserProfileUpdate> profileCodec;

    public InputValidator(String behaviourTopic, String profileTopic, ValidationLimits limits) {
        this.behaviourTopic = behaviourTopic;
        this.profileTopic = profileTopic;
        this.limits = limits;
    }

    /** With the default limits except for event times (tests). */
    public InputValidator(String behaviourTopic, String profileTopic, Duration maxAge, Duration maxFutureSkew) {
        this(behaviourTopic, profileTopic, ValidationLimits.defaults().withEventTimes(maxAge, maxFutureSkew));
    }

    /** Validates one record against the wall clock {@code nowMillis}. */
    public Validated validate(RawInput input, long nowMillis) {
        if (behaviourTopic.equals(input.topic)) {
            return validateBehaviour(input.value, nowMillis);
        }
        if (profileTopic.equals(input.topic)) {
            return validateProfile(input.value, nowMillis);
        }
        return Validated.reject(RejectReason.UNKNOWN_TOPIC, "no reader for topic " + IdCheck.shown(String.valueOf(input.topic)));
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
        Validated problem = IdCheck.problem("user", event.getUserId(), limits);
        if (problem == null) {
            problem = IdCheck.problem("object", event.getObjectId(), limits);
        }
        if (problem == null && event.getEventId().length() > limits.maxIdLength()) {
            problem = Validated.reject(RejectReason.ID_TOO_LONG, "event id of " + event.getEventId().length()
                    + " characters, at most " + limits.maxIdLength() + " allowed");
        }
        if (problem == null) {
            problem = IdCheck.attributesProblem(event.getAttributes(), limits);
        }
        if (problem != null) {
            return Validated.reject(problem.reason(), nameOf(event) + ": " + problem.detail());
        }
        String timeProblem = timeProblem(event.getEventTime(), nowMillis);
        if (timeProblem != null) {
            return Validated.reject(RejectReason.ABSURD_TIMESTAMP, nameOf(event) + " " + timeProblem);
        }
        Validated money = amount(() -> nameOf(event), "price", event.getPrice(), limits.maxPrice());
        if (money == null) {
            money = amount(() -> nameOf(event), "eCPM", event.getEcpm(), limits.maxEcpm());
        }
        return money != null ? money : Validated.accept(UserSignal.of(event));
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
        Validated problem = IdCheck.problem("user", profile.getUserId(), limits);
        if (problem == null) {
            problem = IdCheck.attributesProblem(profile.getAttributes(), limits);
        }
        if (problem != null) {
            return Validated.reject(problem.reason(), "profile update: " + problem.detail());
        }
        String timeProblem = timeProblem(profile.getUpdateTime(), nowMillis);
        if (timeProblem != null) {
            return Validated.reject(RejectReason.ABSURD_TIMESTAMP, "profile of " + profile.getUserId() + " " + timeProblem);
        }
        Validated arpu = amount(() -> "profile of " + profile.getUserId(), "ARPU", profile.getArpu(), limits.maxArpu());
        return arpu != null ? arpu : Validated.accept(UserSignal.of(profile));
    }

    /** How a rejection names the behaviour; written only for a rejection, not for every record that passes. */
    private static String nameOf(BehaviourEvent event) {
        return "behaviour " + IdCheck.shown(event.getEventId());
    }

    /** A money value must be absent, or finite, not negative and at most {@code max}. */
    private static Validated amount(Supplier<String> named, String what, Double value, double max) {
        if (value == null || (value >= 0 && value <= max && !value.isInfinite())) {
            return null;
        }
        String name = named.get();
        if (value.isNaN() || value < 0) {
            return Validated.reject(RejectReason.BAD_VALUE, name + " has " + what + " " + value);
        }
        if (value.isInfinite() || value > max) {
            return Validated.reject(RejectReason.VALUE_OUT_OF_RANGE, name + " has " + what + " " + value + ", at most " + max);
        }
        return null;
    }

    private String timeProblem(Instant time, long nowMillis) {
        long millis = time.toEpochMilli();
        long maxFutureSkewMillis = limits.maxFutureSkew().toMillis();
        long maxAgeMillis = limits.maxEventAge().toMillis();
        if (millis > nowMillis + maxFutureSkewMillis) {
            return "is stamped " + time + ", more than " + limits.maxFutureSkew() + " in the future";
        }
        if (millis < nowMillis - maxAgeMillis) {
            return "is stamped " + time + ", older than " + limits.maxEventAge();
        }
        return null;
    }

    private static Validated rejectUndecodable(Decoded<?> decoded) {
        RejectReason reason = switch (decoded.failure()) {
            case UNKNOWN_SCHEMA -> RejectReason.UNKNOWN_SCHEMA;
            case BAD_TEXT -> RejectReason.BAD_TEXT;
            case BAD_BYTES -> RejectReason.BAD_BYTES;
        };
        return Validated.reject(reason, decoded.detail());
    }
}
