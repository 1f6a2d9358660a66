package io.nearline.recall.cache.trace;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.config.OptionValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Where and how long the trace store keeps traces ({@code trace.store.*}); the connection is the recall store's
 * ({@code redis.*}). Serializable so that a Flink sink can carry it.
 *
 * @param keyPrefix prefix of every trace key, apart from the recall keys
 * @param ttl expiry of a user's traces after their newest one
 * @param maxPerUser traces kept per user, newest first
 * @param maxUsers users the index of traced users keeps, most recently traced first
 */
public record TraceStoreOptions(String keyPrefix, Duration ttl, int maxPerUser, int maxUsers) implements Serializable {

    public static final ConfigOption<String> KEY_PREFIX = ConfigOptions.key("trace.store.key-prefix").stringType()
            .defaultValue("trace:")
            .withDescription("Prefix of every trace key; it must differ from redis.key-prefix (the recall keys).");
    public static final ConfigOption<Duration> TTL = ConfigOptions.key("trace.store.ttl").durationType()
            .defaultValue(Duration.ofDays(2))
            .withDescription("A user's traces expire this long after their newest one.");
    public static final ConfigOption<Integer> MAX_PER_USER = ConfigOptions.key("trace.store.max-per-user").intType()
            .defaultValue(20)
            .withDescription("Traces kept per user, newest first; older ones are trimmed as new ones arrive.");
    public static final ConfigOption<Integer> MAX_USERS = ConfigOptions.key("trace.store.max-users").intType()
            .defaultValue(10_000)
            .withDescription("Users the index of traced users lists, most recently traced first; the traces of "
                    + "users trimmed from it expire with trace.store.ttl.");

    /** Every option in the order the README lists them; the README table is checked against this list. */
    public static final List<ConfigOption<?>> ALL = List.of(KEY_PREFIX, TTL, MAX_PER_USER, MAX_USERS);

    public TraceStoreOptions {
        require(keyPrefix != null && !keyPrefix.isEmpty(), KEY_PREFIX, keyPrefix, "must not be empty");
        Objects.requireNonNull(ttl, TTL.key());
        require(!ttl.isNegative() && !ttl.isZero(), TTL, ttl, "must be positive");
        require(maxPerUser >= 1, MAX_PER_USER, maxPerUser, "must be at least 1");
        require(maxUsers >= 1, MAX_USERS, maxUsers, "must be at least 1");
    }

    public static TraceStoreOptions defaults() {
        return fromMap(Map.of());
    }

    /**
     * Reads the {@code trace.store.*} keys; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key, for an unknown {@code trace.store.*} key or a bad value
     */
    public static TraceStoreOptions fromMap(Map<String, String> config) {
        OptionValues values = OptionValues.of(config, ALL, "trace.store.");
        return new TraceStoreOptions(values.get(KEY_PREFIX), values.get(TTL), values.get(MAX_PER_USER),
                values.get(MAX_USERS));
    }

    /** The list of one user's traces, newest first. */
    public String tracesKey(String userId) {
        return keyPrefix + userId;
    }

    /** The list of one user's recall-store outcomes of traced recalls, newest first. */
    public String outcomesKey(String userId) {
        return keyPrefix + userId + ":store";
    }

    /** The sorted set of traced users by their newest trace; braces cannot occur in a user ID. */
    public String usersKey() {
        return keyPrefix + "{users}";
    }
}
