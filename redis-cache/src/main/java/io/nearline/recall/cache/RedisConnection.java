package io.nearline.recall.cache;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.config.OptionValues;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * Where Redis is and how to log in ({@code redis.host}, {@code redis.port}, {@code redis.user},
 * {@code redis.password}, {@code redis.database}): the one connection setting of the recall store and of the
 * inference fleet's global counter.
 */
public record RedisConnection(String host, int port, String user, String password, int database, RedisTls tls)
        implements Serializable {

    /** Without TLS. */
    public RedisConnection(String host, int port, String user, String password, int database) {
        this(host, port, user, password, database, RedisTls.plaintext());
    }

    public RedisConnection {
        Objects.requireNonNull(tls, "redis.tls");
        require(host != null && !host.isBlank(), RedisOptions.HOST, host, "must not be empty");
        Objects.requireNonNull(user, RedisOptions.USER.key());
        Objects.requireNonNull(password, RedisOptions.PASSWORD.key());
        require(port >= 1 && port <= 65_535, RedisOptions.PORT, port, "must be a port number 1..65535");
        require(database >= 0, RedisOptions.DATABASE, database, "must not be negative");
    }

    /** localhost:6379, default user, no password, database 0. */
    public static RedisConnection defaults() {
        return of("localhost", 6379);
    }

    /** The default user, no password, database 0. */
    public static RedisConnection of(String host, int port) {
        return new RedisConnection(host, port, "", "", 0);
    }

    /** Reads the connection keys of a configuration; other keys are ignored, absent ones keep their default. */
    public static RedisConnection fromMap(Map<String, String> config) {
        return from(OptionValues.of(config, RedisOptions.CONNECTION));
    }

    /** The connection of options already read (a password is taken as written: it may begin or end with spaces). */
    public static RedisConnection from(OptionValues values) {
        String password = values.contains(RedisOptions.PASSWORD) ? values.given(RedisOptions.PASSWORD)
                : values.get(RedisOptions.PASSWORD);
        RedisTls tls = new RedisTls(values.get(RedisOptions.TLS_ENABLED), values.get(RedisOptions.TLS_TRUST_CERT_FILE),
                values.get(RedisOptions.TLS_CERT_CHAIN_FILE), values.get(RedisOptions.TLS_PRIVATE_KEY_FILE));
        return new RedisConnection(values.get(RedisOptions.HOST), values.get(RedisOptions.PORT),
                values.get(RedisOptions.USER), password, values.get(RedisOptions.DATABASE), tls);
    }

    public HostAndPort address() {
        return new HostAndPort(host, port);
    }

    /** A Jedis client configuration logging in as this connection says, with the given timeouts. */
    public DefaultJedisClientConfig.Builder clientConfig(int connectTimeoutMillis, int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMillis).socketTimeoutMillis(socketTimeoutMillis)
                .database(database);
        if (!user.isEmpty()) {
            client.user(user);
        }
        if (!password.isEmpty()) {
            client.password(password);
        }
        if (tls.enabled()) {
            client.ssl(true).sslSocketFactory(tls.socketFactory()).sslParameters(tls.parameters());
        }
        return client;
    }

    @Override
    public String toString() {
        // The password must never reach a log line.
        return host + ":" + port + "/" + database + ", user=" + user + ", password="
                + (password.isEmpty() ? "<none>" : "<set>") + (tls.enabled() ? ", tls" : "");
    }
}
