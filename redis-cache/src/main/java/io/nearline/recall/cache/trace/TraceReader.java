package io.nearline.recall.cache.trace;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.Decoded;
import io.nearline.recall.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the trace store (read-only: it sends no command that writes). A stored trace that does not decode is
 * skipped and counted, never an exception. Thread-safe; owns a connection pool, so close it.
 */
public final class TraceReader implements AutoCloseable {

    /** A user of the index and when their newest trace was made. */
    public record TracedUser(String userId, long lastTracedAt) {}

    /** One user's traces, newest first, and how many stored ones did not decode. */
    public record UserTraces(List<RecallTrace> traces, int undecodable) {}

    private final TraceStoreOptions options;
    private final JedisPooled redis;
    private final SingleObjectCodec<RecallTrace> codec = Codecs.recallTraces();

    public TraceReader(RecallStoreOptions connection, TraceStoreOptions options) {
        this.options = options;
        this.redis = TraceConnections.open(connection);
    }

    /** The most recently traced users, newest first, at most {@code limit}. */
    public List<TracedUser> users(int limit) {
        List<TracedUser> users = new ArrayList<>();
        for (Tuple tuple : redis.zrevrangeWithScores(options.usersKey(), 0, limit - 1L)) {
            users.add(new TracedUser(tuple.getElement(), (long) tuple.getScore()));
        }
        return users;
    }

    /** How many users the index holds. */
    public long userCount() {
        return redis.zcard(options.usersKey());
    }

    /** How many traces of the user are kept. */
    public long count(String userId) {
        return redis.llen(options.tracesKey(userId));
    }

    public UserTraces traces(String userId) {
        List<RecallTrace> traces = new ArrayList<>();
        int undecodable = 0;
        for (byte[] bytes : redis.lrange(options.tracesKey(userId).getBytes(StandardCharsets.UTF_8), 0, -1)) {
            Decoded<RecallTrace> decoded = codec.decode(bytes);
            if (decoded.ok()) {
                traces.add(decoded.value());
            } else {
                undecodable++;
            }
        }
        return new UserTraces(traces, undecodable);
    }

    /** The recall store's outcome of each traced recall of the user, by request ID (the newest if repeated). */
    public Map<String, StoreOutcome> outcomes(String userId) {
        Map<String, StoreOutcome> byRequest = new LinkedHashMap<>();
        for (String text : redis.lrange(options.outcomesKey(userId), 0, -1)) {
            StoreOutcome outcome = StoreOutcome.decode(userId, text);
            if (outcome != null) {
                byRequest.putIfAbsent(outcome.requestId(), outcome);
            }
        }
        return byRequest;
    }

    @Override
    public void close() {
        redis.close();
    }
}
