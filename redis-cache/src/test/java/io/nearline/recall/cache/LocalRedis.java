package io.nearline.recall.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.clients.jedis.JedisPooled;
import redis.embedded.RedisServer;

/** A real redis-server process on a free local port, for one test class. */
final class LocalRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;
    private final JedisPooled client;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
        this.client = new JedisPooled("127.0.0.1", port);
    }

    static LocalRedis start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // No persistence: the server must not leave dump files in the module folder.
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new LocalRedis(server, port);
    }

    /** Options pointing at this server, otherwise the defaults. */
    RecallStoreOptions.Builder options() {
        return RecallStoreOptions.builder().host("127.0.0.1").port(port);
    }

    /** A plain client for checking what the store wrote, as another language would. */
    JedisPooled client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.stop();
    }
}
