package io.nearline.recall.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads recalls for the ad server with one GET each (and an HGETALL for a format-1 hash an older job wrote). Missing, old or unreadable data is a status,
 * never an exception; Redis failures surface as {@link redis.clients.jedis.exceptions.JedisException}.
 * Thread-safe; owns a connection pool, so close it.
 */
public final class RecallReader implements AutoCloseable {
    private final RecallStoreOptions options;
    private final Clock clock;
    private final JedisPooled redis;

    public RecallReader(RecallStoreOptions options) {
        this(options, Clock.systemUTC());
    }

    /** @param clock tells the age of a recall against {@code redis.max-age} */
    public RecallReader(RecallStoreOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.redis = RecallConnections.open(options);
    }

    /** The user's recall, or MISSING / STALE with the reason. */
    public RecallLookup read(String userId) {
        if (userId == null || userId.isEmpty()) {
            return RecallLookup.missing("empty userId");
        }
        String key = RecallKeys.key(options.keyPrefix(), userId);
        String value;
        try {
            value = redis.get(key);
        } catch (JedisDataException e) {
            if (!wrongType(e)) {
                throw e;
            }
            return readHash(userId, key);
        }
        return value == null ? RecallLookup.missing("no recall stored") : judge(RecallLayout.decode(userId, value));
    }

    private RecallLookup readHash(String userId, String key) {
        Map<String, String> fields;
        try {
            fields = redis.hgetAll(key);
        } catch (JedisDataException e) {
            // Neither a string nor a hash sits at the key: that is bad data, not an outage.
            if (wrongType(e)) {
                return RecallLookup.stale(null, "key holds a value that is neither a recall nor a format-1 hash");
            }
            throw e;
        }
        return fields.isEmpty() ? RecallLookup.missing("no recall stored")
                : judge(LegacyRecallHash.decode(userId, fields));
    }

    private static boolean wrongType(JedisDataException e) {
        return e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE");
    }

    /**
     * What to serve the user: their own recall when it is usable, else the fallback of their ARPU segment (see
     * {@link FallbackRecalls}), else nothing. Two GETs at most; the second only for users without a recall.
     */
    public ServedRecall readForServing(String userId, String segment) {
        RecallLookup own = read(userId);
        if (own.isFound()) {
            return new ServedRecall(ServedRecall.Kind.PERSONAL, own);
        }
        RecallLookup fallback = read(FallbackRecalls.idOf(segment));
        return fallback.isFound() ? new ServedRecall(ServedRecall.Kind.FALLBACK, fallback)
                : new ServedRecall(ServedRecall.Kind.NONE, own);
    }

    private RecallLookup judge(RecallLayout.Decoded decoded) {
        if (!decoded.ok()) {
            return RecallLookup.stale(null, decoded.problem());
        }
        Instant generatedAt = decoded.recall().generatedAt();
        Duration age = Duration.between(generatedAt, clock.instant());
        if (age.compareTo(options.maxAge()) > 0) {
            return RecallLookup.stale(decoded.recall(),
                    "generated " + age + " ago, more than max age " + options.maxAge());
        }
        return RecallLookup.found(decoded.recall());
    }

    @Override
    public void close() {
        redis.close();
    }
}
