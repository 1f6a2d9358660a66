package io.nearline.recall.cache;

import io.nearline.recall.avro.RecallResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Writes recall results for the job: each write is atomic and never replaces a newer recall with an older
 * one, so replays after a failure are safe. Thread-safe; owns a connection pool, so close it.
 *
 * <p>Failures that waiting can cure (connection, timeout, loading, busy, out of memory, failover) surface
 * as {@link JedisException}, see {@link #isTransient}; retrying the same results is always safe. A write
 * that Redis refuses for good (WRONGTYPE) is the outcome {@link WriteOutcome#FAILED}, not an exception.
 */
public final class RecallWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecallWriter.class);

    private final RecallStoreOptions options;
    private final JedisPooled redis;
    private final long ttlMillis;

    public RecallWriter(RecallStoreOptions options) {
        this.options = options;
        this.ttlMillis = options.ttl().toMillis();
        this.redis = RecallConnections.open(options);
    }

    /** Stores one result unless the stored one is newer or the same. */
    public WriteOutcome write(RecallResult result) {
        Optional<String> problem = RecallLayout.problem(result);
        if (problem.isPresent()) {
            return rejected(result, problem.get());
        }
        List<String> keys = List.of(key(result));
        List<String> args = args(result);
        Object reply;
        try {
            reply = redis.evalsha(ConditionalWrite.SHA1, keys, args);
        } catch (JedisNoScriptException e) {
            // The server has not seen the script yet (or lost it on restart or failover); EVAL also caches it.
            reply = redis.eval(ConditionalWrite.SCRIPT, keys, args);
        }
        return ConditionalWrite.outcome(reply);
    }

    /**
     * Stores a batch with pipelined round trips of at most {@code redis.write.max-pipeline} writes.
     *
     * @return one outcome per result, in the same order
     */
    public List<WriteOutcome> writeAll(List<RecallResult> results) {
        WriteOutcome[] outcomes = new WriteOutcome[results.size()];
        List<Integer> valid = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Optional<String> problem = RecallLayout.problem(results.get(i));
            if (problem.isPresent()) {
                outcomes[i] = rejected(results.get(i), problem.get());
            } else {
                valid.add(i);
            }
        }
        for (int from = 0; from < valid.size(); from += options.maxPipeline()) {
            List<Integer> chunk = valid.subList(from, Math.min(valid.size(), from + options.maxPipeline()));
            List<Integer> unknownScript = pipeline(results, chunk, outcomes, true);
            if (!unknownScript.isEmpty()) {
                // The conditional write is order-independent (the newest always wins), so retrying these
                // after the rest of the chunk leaves the same final state.
                pipeline(results, unknownScript, outcomes, false);
            }
        }
        return Arrays.asList(outcomes);
    }

    /** Sends one pipeline of writes; returns the indexes that failed because the script was unknown. */
    private List<Integer> pipeline(
            List<RecallResult> results, List<Integer> indexes, WriteOutcome[] outcomes, boolean bySha) {
        List<Response<Object>> replies = new ArrayList<>(indexes.size());
        try (Pipeline p = redis.pipelined()) {
            for (int i : indexes) {
                RecallResult r = results.get(i);
                List<String> keys = List.of(key(r));
                replies.add(bySha
                        ? p.evalsha(ConditionalWrite.SHA1, keys, args(r))
                        : p.eval(ConditionalWrite.SCRIPT, keys, args(r)));
            }
            p.sync();
        }
        List<Integer> unknownScript = new ArrayList<>();
        for (int j = 0; j < indexes.size(); j++) {
            try {
                outcomes[indexes.get(j)] = ConditionalWrite.outcome(replies.get(j).get());
            } catch (JedisNoScriptException e) {
                if (!bySha) {
                    throw e;
                }
                unknownScript.add(indexes.get(j));
            } catch (JedisDataException e) {
                if (isTransient(e)) {
                    throw e;
                }
                LOG.warn("Recall for user {} refused by Redis: {}", results.get(indexes.get(j)).getUserId(), e.getMessage());
                outcomes[indexes.get(j)] = WriteOutcome.FAILED;
            }
        }
        return unknownScript;
    }

    /**
     * Whether an error is one that waiting can cure: no connection or no reply in time, or a server that
     * is loading, running a long script, out of memory, or in failover. Such writes are to be retried.
     */
    public static boolean isTransient(JedisException e) {
        if (e instanceof JedisConnectionException) {
            return true;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (String prefix : TRANSIENT_ERRORS) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> TRANSIENT_ERRORS = List.of(
            "LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "READONLY", "OOM", "NOREPLICAS");

    private String key(RecallResult r) {
        return RecallKeys.key(options.keyPrefix(), r.getUserId());
    }

    private List<String> args(RecallResult r) {
        return ConditionalWrite.args(RecallLayout.encodeValid(r), ttlMillis); // checked by problem() first
    }

    private static WriteOutcome rejected(RecallResult r, String problem) {
        LOG.warn("Recall for user {} not stored: {}", r == null ? null : r.getUserId(), problem);
        return WriteOutcome.REJECTED;
    }

    @Override
    public void close() {
        redis.close();
    }
}
