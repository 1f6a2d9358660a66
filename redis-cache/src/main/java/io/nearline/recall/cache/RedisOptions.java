package io.nearline.recall.cache;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every {@code redis.*} option: the one Redis connection ({@link RedisConnection}: the recall store and the
 * inference fleet's global counter both use it) and the recall store's own settings ({@link RecallStoreOptions}).
 */
public final class RedisOptions {

    private RedisOptions() {}

    public static final ConfigOption<String> HOST = ConfigOptions.key("redis.host").stringType()
            .defaultValue("localhost").withDescription("Redis host name or address.");
    public static final ConfigOption<Integer> PORT = ConfigOptions.key("redis.port").intType().defaultValue(6379)
            .withDescription("Redis port.");
    public static final ConfigOption<String> USER = ConfigOptions.key("redis.user").stringType().defaultValue("")
            .withDescription("ACL user name; empty means the default user.");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("redis.password").stringType()
            .defaultValue("").withDescription("Password (AUTH); empty means no authentication.");
    public static final ConfigOption<Integer> DATABASE = ConfigOptions.key("redis.database").intType()
            .defaultValue(0).withDescription("Logical database index (SELECT).");
    public static final ConfigOption<Boolean> TLS_ENABLED = ConfigOptions.key("redis.tls.enabled").booleanType()
            .defaultValue(false).withDescription("TLS to Redis (its tls-port); the server's name is checked "
                    + "against its certificate.");
    public static final ConfigOption<String> TLS_TRUST_CERT_FILE = ConfigOptions.key("redis.tls.trust-cert-file")
            .stringType().defaultValue("")
            .withDescription("PEM CA certificate(s) the server's certificate must chain to; empty trusts the JVM's roots.");
    public static final ConfigOption<String> TLS_CERT_CHAIN_FILE = ConfigOptions.key("redis.tls.cert-chain-file")
            .stringType().defaultValue("")
            .withDescription("PEM client certificate chain, for a server with tls-auth-clients yes.");
    public static final ConfigOption<String> TLS_PRIVATE_KEY_FILE = ConfigOptions.key("redis.tls.private-key-file")
            .stringType().defaultValue("").withDescription("PKCS#8 PEM key of that certificate.");
    public static final ConfigOption<String> KEY_PREFIX = ConfigOptions.key("redis.key-prefix").stringType()
            .defaultValue(RecallKeys.DEFAULT_PREFIX)
            .withDescription("Prefix of every recall key; the key is prefix + userId.");
    public static final ConfigOption<Duration> TTL = ConfigOptions.key("redis.ttl").durationType()
            .defaultValue(Duration.ofHours(24))
            .withDescription("Expiry set on a key each time a newer recall is written.");
    public static final ConfigOption<Duration> MAX_AGE = ConfigOptions.key("redis.max-age").durationType()
            .defaultValue(Duration.ofHours(12))
            .withDescription("Reader only: a recall whose generated_at is older than this is reported STALE.");
    public static final ConfigOption<Integer> POOL_MAX_TOTAL = ConfigOptions.key("redis.pool.max-total").intType()
            .defaultValue(16).withDescription("Most pooled connections per writer or reader.");
    public static final ConfigOption<Duration> POOL_MAX_WAIT = ConfigOptions.key("redis.pool.max-wait")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest wait for a free pooled connection before the call fails.");
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("redis.connect-timeout")
            .durationType().defaultValue(Duration.ofSeconds(2)).withDescription("TCP connect timeout.");
    public static final ConfigOption<Duration> SOCKET_TIMEOUT = ConfigOptions.key("redis.socket-timeout")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Read timeout of one command or pipeline reply; ad servers usually set it lower.");
    public static final ConfigOption<Integer> WRITE_MAX_PIPELINE = ConfigOptions.key("redis.write.max-pipeline")
            .intType().defaultValue(500)
            .withDescription("Most conditional writes sent in one pipeline round trip by writeAll; larger batches "
                    + "are split.");

    /** The connection's options. */
    public static final List<ConfigOption<?>> CONNECTION = List.of(HOST, PORT, USER, PASSWORD, DATABASE, TLS_ENABLED,
            TLS_TRUST_CERT_FILE, TLS_CERT_CHAIN_FILE, TLS_PRIVATE_KEY_FILE);

    /** Every option in the order the README lists them; the README table is checked against this list. */
    public static final List<ConfigOption<?>> ALL = List.of(HOST, PORT, USER, PASSWORD, DATABASE, TLS_ENABLED,
            TLS_TRUST_CERT_FILE, TLS_CERT_CHAIN_FILE, TLS_PRIVATE_KEY_FILE, KEY_PREFIX, TTL,
            MAX_AGE, POOL_MAX_TOTAL, POOL_MAX_WAIT, CONNECT_TIMEOUT, SOCKET_TIMEOUT, WRITE_MAX_PIPELINE);
}
