package io.nearline.recall.cache;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;

/** Opens the pooled Jedis client that a writer or a reader owns, from the options. */
final class RecallConnections {
    private RecallConnections() {}

    static JedisPooled open(RecallStoreOptions o) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(o.poolMaxTotal());
        pool.setMaxIdle(o.poolMaxTotal());
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(o.poolMaxWait());
        RedisConnection connection = o.connection();
        DefaultJedisClientConfig client = connection.clientConfig((int) o.connectTimeout().toMillis(),
                (int) o.socketTimeout().toMillis()).clientName("nearline-recall").build();
        return new JedisPooled(connection.address(), client, pool);
    }
}
