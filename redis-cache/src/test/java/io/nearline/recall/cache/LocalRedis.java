package io.nearline.recall.cache;

import io.nearline.recall.testing.EmbeddedRedisServer;
import redis.clients.jedis.JedisPooled;

/** The shared real redis-server (test-support) with what this module's tests ask of it: options and a plain client. */
final class LocalRedis implements AutoCloseable {
    private final EmbeddedRedisServer server;
    private final JedisPooled client;

    private LocalRedis(EmbeddedRedisServer server) {
        this.server = server;
        this.client = new JedisPooled(server.host(), server.port());
    }

    static LocalRedis start() {
        return new LocalRedis(EmbeddedRedisServer.start());
    }

    /** Options pointing at this server, otherwise the defaults. */
    RecallStoreOptions.Builder options() {
        return RecallStoreOptions.builder().host(server.host()).port(server.port());
    }

    /** A plain client for checking what the store wrote, as another language would. */
    JedisPooled client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
