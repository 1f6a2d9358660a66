package io.nearline.recall.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process (6.2, the binary shipped inside the embedded-redis artifact)
 * on a free loopback port. For the demo and integration tests.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedRedisServer start() {
        return startOn(freePort());
    }

    /** A loopback port free now: where a server that is to start later (or restart) can be put. */
    public static int freePort() {
        try {
            return EmbeddedKafkaBroker.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for redis-server", e);
        }
    }

    /** A fresh, empty redis-server on a given port (a restart after an outage keeps the address). */
    public static EmbeddedRedisServer startOn(int port) {
        return startOn(port, List.of());
    }

    /**
     * A fresh, empty redis-server on a free port with more redis.conf lines ({@code user ...} ACL rules,
     * {@code requirepass ...}); see {@link #startTls} for TLS.
     */
    public static EmbeddedRedisServer startWith(List<String> settings) {
        return startOn(freePort(), settings);
    }

    /**
     * A redis-server that speaks only TLS (its plaintext port closed) on a free port, serving {@code certificate}
     * with {@code privateKey}; with {@code clientCa} it asks every client for a certificate chaining to it
     * ({@code tls-auth-clients yes}), without it for none. {@code settings} are more redis.conf lines.
     */
    public static EmbeddedRedisServer startTls(Path certificate, Path privateKey, Path clientCa,
                                               List<String> settings) {
        int port = freePort();
        List<String> lines = new ArrayList<>();
        lines.add("tls-port " + port);
        lines.add("tls-cert-file " + certificate.toAbsolutePath());
        lines.add("tls-key-file " + privateKey.toAbsolutePath());
        // redis-server refuses TLS without a CA to check clients against, even when it asks for no certificate
        lines.add("tls-ca-cert-file " + (clientCa == null ? certificate : clientCa).toAbsolutePath());
        lines.add("tls-auth-clients " + (clientCa == null ? "no" : "yes"));
        lines.addAll(settings);
        return startOn(0, port, lines); // plaintext port 0: none
    }

    private static EmbeddedRedisServer startOn(int port, List<String> settings) {
        return startOn(port, port, settings);
    }

    private static EmbeddedRedisServer startOn(int plaintextPort, int port, List<String> settings) {
        try {
            var builder = RedisServer.newRedisServer()
                    .port(plaintextPort)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no");
            settings.forEach(builder::setting);
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedisServer(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    /**
     * The redis-server binary shipped in the embedded-redis artifact, unpacked to a file, for a launcher that runs
     * it as a process of its own (this class runs it as a child of the JVM).
     */
    public static Path executable() {
        try {
            Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
            binary.toFile().setExecutable(true);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack redis-server from the embedded-redis artifact", e);
        }
    }

    /**
     * Copies {@link #executable()} to the file {@code args[0]} (the unpacked one goes when this JVM exits), for a
     * launcher in another JVM that runs redis-server as its own process.
     */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
        java.nio.file.Files.copy(executable(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setExecutable(true);
        System.out.println(target);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Stops the process abruptly; used by tests that simulate a Redis outage. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop redis-server", e);
        }
    }
}
