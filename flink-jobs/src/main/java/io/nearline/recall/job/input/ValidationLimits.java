package io.nearline.recall.job.input;

import io.nearline.recall.job.JobOptions;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * What an input record may hold before it is absurd: event times, bounded finite money values, and IDs
 * short enough and plain enough to become Redis keys and prompt text. From the {@code validation.*} options.
 */
public record ValidationLimits(Duration maxEventAge, Duration maxFutureSkew, int maxIdLength,
                               String idForbiddenCharacters, int maxAttributes, int maxAttributeLength,
                               double maxPrice, double maxEcpm, double maxArpu)
        implements Serializable {

    public static ValidationLimits from(Configuration config) {
        return new ValidationLimits(config.get(JobOptions.MIN_EVENT_TIME_AGE), config.get(JobOptions.MAX_FUTURE_SKEW),
                config.get(JobOptions.MAX_ID_LENGTH), config.get(JobOptions.ID_FORBIDDEN_CHARACTERS),
                config.get(JobOptions.MAX_ATTRIBUTES), config.get(JobOptions.MAX_ATTRIBUTE_LENGTH),
                config.get(JobOptions.MAX_PRICE), config.get(JobOptions.MAX_ECPM), config.get(JobOptions.MAX_ARPU));
    }

    /** The defaults of every option. */
    public static ValidationLimits defaults() {
        return from(new Configuration());
    }

    public ValidationLimits withEventTimes(Duration maxAge, Duration futureSkew) {
        return new ValidationLimits(maxAge, futureSkew, maxIdLength, idForbiddenCharacters, maxAttributes,
                maxAttributeLength, maxPrice, maxEcpm, maxArpu);
    }
}
