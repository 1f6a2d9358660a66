package io.nearline.recall.cache.trace;

import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.RedisConnection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;

/** Opens the pooled client of a trace writer or reader on the recall store's connection and pool settings. */
final class TraceConnections {
    private TraceConnections() {}

    static JedisPooled open(RecallStoreOptions o) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(o.poolMaxTotal());
        pool.setMaxIdle(o.poolMaxTotal());
        pool.setMaxWait(o.poolMaxWait());
        RedisConnection connection = o.connection();
        DefaultJedisClientConfig client = connection.clientConfig((int) o.connectTimeout().toMillis(),
                (int) o.socketTimeout().toMillis()).clientName("nearline-recall-traces").build();
        return new JedisPooled(connection.address(), client, pool);
    }
}
