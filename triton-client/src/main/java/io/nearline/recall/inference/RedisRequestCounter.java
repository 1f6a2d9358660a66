package io.nearline.recall.inference;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * The fleet-wide request counter: INCR on one Redis key shared by every client instance, so
 * consecutive calls from any instance get consecutive numbers. With a block size above one, an
 * INCRBY reserves that many numbers at once and hands them out locally.
 */
final class RedisRequestCounter implements AutoCloseable {

    private final JedisPooled redis;
    private final String key;
    private final int block;
    private long next;
    private long end;

    RedisRequestCounter(FleetOptions fleet) {
        int timeoutMillis = (int) fleet.redisTimeout().toMillis();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(fleet.redisConnections());
        pool.setMaxIdle(fleet.redisConnections());
        pool.setMaxWait(fleet.redisTimeout());
        this.redis = new JedisPooled(fleet.redis().address(),
                fleet.redis().clientConfig(timeoutMillis, timeoutMillis).build(), pool);
        this.key = fleet.redisKey();
        this.block = fleet.counterBlock();
    }

    /** The next number; throws a {@code JedisException} when Redis cannot be reached in time. */
    long next() {
        if (block == 1) {
            return redis.incr(key);
        }
        synchronized (this) {
            if (next >= end) {
                end = redis.incrBy(key, block) + 1;
                next = end - block;
            }
            return next++;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
