package io.nearline.recall.cache;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every tunable of the recall store (connection, pool, key layout, TTL, reader staleness), with defaults.
 *
 * <p>Serializable so that a Flink sink can carry it to the task managers. Build it with {@link #builder()}
 * or from a job configuration with {@link #fromMap(Map)}; {@link #OPTIONS} documents every key.
 */
public record RecallStoreOptions(
    String host,
    int port,
    String user,
    String password,
    int database,
    String keyPrefix,
    Duration ttl,
    Duration maxAge,
    int poolMaxTotal,
    Duration poolMaxWait,
    Duration connectTimeout,
    Duration socketTimeout,
    int maxPipeline) implements Serializable {

  /** One documented option: its configuration key, its default as written in a config file, its meaning. */
  public record Option(String key, String defaultValue, String meaning) {}

  /** Every option in the order the README lists them; the README table is checked against this list. */
  public static final List<Option> OPTIONS = List.of(
      new Option("redis.host", "localhost", "Redis host name or address."),
      new Option("redis.port", "6379", "Redis port."),
      new Option("redis.user", "", "ACL user name; empty means the default user."),
      new Option("redis.password", "", "Password (AUTH); empty means no authentication."),
      new Option("redis.database", "0", "Logical database index (SELECT)."),
      new Option("redis.key-prefix", "recall:", "Prefix of every recall key; the key is prefix + userId."),
      new Option("redis.ttl", "24h", "Expiry set on a key each time a newer recall is written."),
      new Option("redis.max-age", "12h",
          "Reader only: a recall whose generated_at is older than this is reported STALE."),
      new Option("redis.pool.max-total", "16", "Most pooled connections per writer or reader."),
      new Option("redis.pool.max-wait", "1s",
          "Longest wait for a free pooled connection before the call fails."),
      new Option("redis.connect-timeout", "2s", "TCP connect timeout."),
      new Option("redis.socket-timeout", "1s",
          "Read timeout of one command or pipeline reply; ad servers usually set it lower."),
      new Option("redis.write.max-pipeline", "500",
          "Most conditional writes sent in one pipeline round trip by writeAll; larger batches are split."));

  public RecallStoreOptions {
    requireText(host, "redis.host");
    Objects.requireNonNull(user, "redis.user");
    Objects.requireNonNull(password, "redis.password");
    Objects.requireNonNull(keyPrefix, "redis.key-prefix");
    require(port >= 1 && port <= 65_535, "redis.port", port, "must be a port number 1..65535");
    require(database >= 0, "redis.database", database, "must not be negative");
    requirePositive(ttl, "redis.ttl");
    requirePositive(maxAge, "redis.max-age");
    require(poolMaxTotal >= 1, "redis.pool.max-total", poolMaxTotal, "must be at least 1");
    Objects.requireNonNull(poolMaxWait, "redis.pool.max-wait");
    require(!poolMaxWait.isNegative(), "redis.pool.max-wait", poolMaxWait, "must not be negative");
    requireMillis(connectTimeout, "redis.connect-timeout");
    requireMillis(socketTimeout, "redis.socket-timeout");
    require(maxPipeline >= 1, "redis.write.max-pipeline", maxPipeline, "must be at least 1");
  }

  /** The defaults of {@link #OPTIONS}. */
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
    Builder b = builder();
    config.forEach((key, value) -> {
      if (key.startsWith("redis.")) {
        OptionText.apply(b, key, value);
      }
    });
    return b.build();
  }

  /** A builder holding these settings, to change a few of them. */
  public Builder toBuilder() {
    return new Builder().host(host).port(port).user(user).password(password).database(database)
        .keyPrefix(keyPrefix).ttl(ttl).maxAge(maxAge).poolMaxTotal(poolMaxTotal).poolMaxWait(poolMaxWait)
        .connectTimeout(connectTimeout).socketTimeout(socketTimeout).maxPipeline(maxPipeline);
  }

  @Override
  public String toString() {
    // The password must never reach a log line.
    return "RecallStoreOptions[" + host + ":" + port + "/" + database + ", user=" + user
        + ", password=" + (password.isEmpty() ? "<none>" : "<set>") + ", keyPrefix=" + keyPrefix
        + ", ttl=" + ttl + ", maxAge=" + maxAge + ", poolMaxTotal=" + poolMaxTotal
        + ", poolMaxWait=" + poolMaxWait + ", connectTimeout=" + connectTimeout
        + ", socketTimeout=" + socketTimeout + ", maxPipeline=" + maxPipeline + "]";
  }

  private static void requireText(String value, String key) {
    require(value != null && !value.isBlank(), key, value, "must not be empty");
  }

  private static void requirePositive(Duration value, String key) {
    Objects.requireNonNull(value, key);
    require(!value.isNegative() && !value.isZero(), key, value, "must be positive");
  }

  private static void requireMillis(Duration value, String key) {
    requirePositive(value, key);
    require(value.toMillis() <= Integer.MAX_VALUE, key, value, "is too long");
  }

  private static void require(boolean ok, String key, Object value, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(key + "=" + value + ": " + reason);
    }
  }

  /** Collects options; starts from the documented defaults. */
  public static final class Builder {
    private String host = "localhost";
    private int port = 6379;
    private String user = "";
    private String password = "";
    private int database = 0;
    private String keyPrefix = RecallKeys.DEFAULT_PREFIX;
    private Duration ttl = Duration.ofHours(24);
    private Duration maxAge = Duration.ofHours(12);
    private int poolMaxTotal = 16;
    private Duration poolMaxWait = Duration.ofSeconds(1);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration socketTimeout = Duration.ofSeconds(1);
    private int maxPipeline = 500;

    private Builder() {}

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder password(String v) { password = v; return this; }
    public Builder database(int v) { database = v; return this; }
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
      return new RecallStoreOptions(host, port, user, password, database, keyPrefix, ttl, maxAge,
          poolMaxTotal, poolMaxWait, connectTimeout, socketTimeout, maxPipeline);
    }
  }
}
