package io.nearline.recall.cache;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.config.OptionValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every tunable of the recall store (connection, pool, key layout, TTL, reader staleness), with defaults.
 *
 * <p>Serializable so that a Flink sink can carry it to the task managers. Build it with {@link #builder()}
 * or from a job configuration with {@link #fromMap(Map)}; {@link RedisOptions} documents every key.
 */
public record RecallStoreOptions(
    String host,
    int port,
    String user,
    String password,
    int database,
    RedisTls tls,
    String keyPrefix,
    Duration ttl,
    Duration maxAge,
    int poolMaxTotal,
    Duration poolMaxWait,
    Duration connectTimeout,
    Duration socketTimeout,
    int maxPipeline) implements Serializable {

  public RecallStoreOptions {
    new RedisConnection(host, port, user, password, database, tls);
    Objects.requireNonNull(keyPrefix, RedisOptions.KEY_PREFIX.key());
    requirePositive(ttl, RedisOptions.TTL);
    requirePositive(maxAge, RedisOptions.MAX_AGE);
    require(poolMaxTotal >= 1, RedisOptions.POOL_MAX_TOTAL, poolMaxTotal, "must be at least 1");
    Objects.requireNonNull(poolMaxWait, RedisOptions.POOL_MAX_WAIT.key());
    require(!poolMaxWait.isNegative(), RedisOptions.POOL_MAX_WAIT, poolMaxWait, "must not be negative");
    requireMillis(connectTimeout, RedisOptions.CONNECT_TIMEOUT);
    requireMillis(socketTimeout, RedisOptions.SOCKET_TIMEOUT);
    require(maxPipeline >= 1, RedisOptions.WRITE_MAX_PIPELINE, maxPipeline, "must be at least 1");
  }

  /** The defaults of {@link RedisOptions}. */
  public static RecallStoreOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code redis.*} keys of a job configuration; other keys are ignored, absent keys keep their
   * default.
   *
   * @throws IllegalArgumentException naming the key, for an unknown {@code redis.*} key (a typo would
   *     otherwise silently keep a default) or a value that does not parse or is out of range
   */
  public static RecallStoreOptions fromMap(Map<String, String> config) {
    OptionValues values = OptionValues.of(config, RedisOptions.ALL, "redis.");
    return builder().connection(RedisConnection.from(values))
        .keyPrefix(values.get(RedisOptions.KEY_PREFIX)).ttl(values.get(RedisOptions.TTL))
        .maxAge(values.get(RedisOptions.MAX_AGE)).poolMaxTotal(values.get(RedisOptions.POOL_MAX_TOTAL))
        .poolMaxWait(values.get(RedisOptions.POOL_MAX_WAIT))
        .connectTimeout(values.get(RedisOptions.CONNECT_TIMEOUT))
        .socketTimeout(values.get(RedisOptions.SOCKET_TIMEOUT))
        .maxPipeline(values.get(RedisOptions.WRITE_MAX_PIPELINE)).build();
  }

  /** The Redis these options connect to. */
  public RedisConnection connection() {
    return new RedisConnection(host, port, user, password, database, tls);
  }

  /** A builder holding these settings, to change a few of them. */
  public Builder toBuilder() {
    return new Builder().host(host).port(port).user(user).password(password).database(database).tls(tls)
        .keyPrefix(keyPrefix).ttl(ttl).maxAge(maxAge).poolMaxTotal(poolMaxTotal).poolMaxWait(poolMaxWait)
        .connectTimeout(connectTimeout).socketTimeout(socketTimeout).maxPipeline(maxPipeline);
  }

  @Override
  public String toString() {
    // The password must never reach a log line.
    return "RecallStoreOptions[" + host + ":" + port + "/" + database + ", user=" + user
        + ", password=" + (password.isEmpty() ? "<none>" : "<set>") + (tls.enabled() ? ", tls" : "")
        + ", keyPrefix=" + keyPrefix
        + ", ttl=" + ttl + ", maxAge=" + maxAge + ", poolMaxTotal=" + poolMaxTotal
        + ", poolMaxWait=" + poolMaxWait + ", connectTimeout=" + connectTimeout
        + ", socketTimeout=" + socketTimeout + ", maxPipeline=" + maxPipeline + "]";
  }

  private static void requirePositive(Duration value, ConfigOption<Duration> option) {
    Objects.requireNonNull(value, option.key());
    require(!value.isNegative() && !value.isZero(), option, value, "must be positive");
  }

  private static void requireMillis(Duration value, ConfigOption<Duration> option) {
    requirePositive(value, option);
    require(value.toMillis() <= Integer.MAX_VALUE, option, value, "is too long");
  }

  /** Collects options; starts from the documented defaults ({@link RedisOptions}). */
  public static final class Builder {
    private String host = RedisOptions.HOST.defaultValue();
    private int port = RedisOptions.PORT.defaultValue();
    private String user = RedisOptions.USER.defaultValue();
    private String password = RedisOptions.PASSWORD.defaultValue();
    private int database = RedisOptions.DATABASE.defaultValue();
    private RedisTls tls = RedisTls.plaintext();
    private String keyPrefix = RedisOptions.KEY_PREFIX.defaultValue();
    private Duration ttl = RedisOptions.TTL.defaultValue();
    private Duration maxAge = RedisOptions.MAX_AGE.defaultValue();
    private int poolMaxTotal = RedisOptions.POOL_MAX_TOTAL.defaultValue();
    private Duration poolMaxWait = RedisOptions.POOL_MAX_WAIT.defaultValue();
    private Duration connectTimeout = RedisOptions.CONNECT_TIMEOUT.defaultValue();
    private Duration socketTimeout = RedisOptions.SOCKET_TIMEOUT.defaultValue();
    private int maxPipeline = RedisOptions.WRITE_MAX_PIPELINE.defaultValue();

    private Builder() {}

    public Builder connection(RedisConnection v) {
      return host(v.host()).port(v.port()).user(v.user()).password(v.password()).database(v.database())
          .tls(v.tls());
    }
    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder password(String v) { password = v; return this; }
    public Builder database(int v) { database = v; return this; }
    public Builder tls(RedisTls v) { tls = v; return this; }
    public Builder keyPrefix(String v) { keyPrefix = v; return this; }
    public Builder ttl(Duration v) { ttl = v; return this; }
    public Builder maxAge(Duration v) { maxAge = v; return this; }
    public Builder poolMaxTotal(int v) { poolMaxTotal = v; return this; }
    public Builder poolMaxWait(Duration v) { poolMaxWait = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder socketTimeout(Duration v) { socketTimeout = v; return this; }
    public Builder maxPipeline(int v) { maxPipeline = v; return this; }

    /** @throws IllegalArgumentException naming the option whose value is out of range */
    public RecallStoreOptions build() {
      return new RecallStoreOptions(host, port, user, password, database, tls, keyPrefix, ttl, maxAge,
          poolMaxTotal, poolMaxWait, connectTimeout, socketTimeout, maxPipeline);
    }
  }
}
