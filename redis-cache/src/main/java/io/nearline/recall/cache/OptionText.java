package io.nearline.recall.cache;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the text of one {@code redis.*} option into a {@link RecallStoreOptions.Builder}. */
final class OptionText {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");

    private OptionText() {}

    static void apply(RecallStoreOptions.Builder b, String key, String value) {
        String v = value == null ? "" : value.trim();
        switch (key) {
            case "redis.host" -> b.host(v);
            case "redis.port" -> b.port(integer(key, v));
            case "redis.user" -> b.user(v);
            // A password may legitimately begin or end with spaces.
            case "redis.password" -> b.password(value == null ? "" : value);
            case "redis.database" -> b.database(integer(key, v));
            case "redis.key-prefix" -> b.keyPrefix(v);
            case "redis.ttl" -> b.ttl(duration(key, v));
            case "redis.max-age" -> b.maxAge(duration(key, v));
            case "redis.pool.max-total" -> b.poolMaxTotal(integer(key, v));
            case "redis.pool.max-wait" -> b.poolMaxWait(duration(key, v));
            case "redis.connect-timeout" -> b.connectTimeout(duration(key, v));
            case "redis.socket-timeout" -> b.socketTimeout(duration(key, v));
            case "redis.write.max-pipeline" -> b.maxPipeline(integer(key, v));
            default -> throw new IllegalArgumentException(
                    key + ": unknown option; known: " + RecallStoreOptions.OPTIONS.stream()
                            .map(RecallStoreOptions.Option::key).toList());
        }
    }

    static int integer(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not an integer", e);
        }
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 10m}/{@code 10min}, {@code 24h}, {@code 1d} or ISO-8601 ({@code PT24H}). */
    static Duration duration(String key, String v) {
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(v);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + "=" + v + ": not a duration (use e.g. 500ms, 30s, 10m, 24h, 1d or PT24H)", e);
        }
    }
}
