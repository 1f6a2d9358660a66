package io.nearline.recall.cache.trace;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;

/**
 * Writes traces to the trace store, pipelined: each user's traces are a list (Avro single-object bytes, newest
 * first) trimmed to {@code trace.store.max-per-user}, the traced users a sorted set trimmed to
 * {@code trace.store.max-users}, and every key expires {@code trace.store.ttl} after its last write. Keys
 * stay apart from the recall keys. Thread-safe; owns a connection pool, so close it.
 */
public final class TraceWriter implements AutoCloseable {

    private final TraceStoreOptions options;
    private final JedisPooled redis;
    private final SingleObjectCodec<RecallTrace> codec = Codecs.recallTraces();

    public TraceWriter(RecallStoreOptions connection, TraceStoreOptions options) {
        this.options = options;
        this.redis = TraceConnections.open(connection);
    }

    /** Stores the traces in one round trip; a Redis failure throws {@link redis.clients.jedis.exceptions.JedisException}. */
    public void writeAll(List<RecallTrace> traces) {
        if (traces.isEmpty()) {
            return;
        }
        long ttl = options.ttl().toMillis();
        byte[] users = bytes(options.usersKey());
        try (Pipeline p = redis.pipelined()) {
            for (RecallTrace trace : traces) {
                byte[] key = bytes(options.tracesKey(trace.getUserId()));
                p.lpush(key, codec.encode(trace));
                p.ltrim(key, 0, options.maxPerUser() - 1);
                p.pexpire(key, ttl);
                p.zadd(users, trace.getTracedAt(), bytes(trace.getUserId()));
            }
            p.zremrangeByRank(users, 0, -options.maxUsers() - 1L);
            p.pexpire(users, ttl);
            p.sync();
        }
    }

    /** Records what the recall store did with traced recalls, beside their traces. */
    public void recordOutcomes(List<StoreOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        long ttl = options.ttl().toMillis();
        try (Pipeline p = redis.pipelined()) {
            for (StoreOutcome outcome : outcomes) {
                String key = options.outcomesKey(outcome.userId());
                p.lpush(key, outcome.encode());
                // outcomes may arrive before their trace; twice the traces' bound keeps every kept trace's one
                p.ltrim(key, 0, 2L * options.maxPerUser() - 1);
                p.pexpire(key, ttl);
            }
            p.sync();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        redis.close();
    }
}
