package io.nearline.recall.cache;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
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
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) o.connectTimeout().toMillis())
                .socketTimeoutMillis((int) o.socketTimeout().toMillis())
                .database(o.database())
                .clientName("nearline-recall");
        if (!o.user().isEmpty()) {
            client.user(o.user());
        }
        if (!o.password().isEmpty()) {
            client.password(o.password());
        }
        return new JedisPooled(new HostAndPort(o.host(), o.port()), client.build(), pool);
    }
}
