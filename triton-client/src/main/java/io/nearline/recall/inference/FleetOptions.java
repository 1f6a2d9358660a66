package io.nearline.recall.inference;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * How the client spreads calls over many inference servers ({@code triton.fleet.*} keys): which
 * servers, the balancing mode, health checks, circuit breakers and the retry budget.
 */
public final class FleetOptions {

  static final String PREFIX = "triton.fleet.";

  /** How a call's server is chosen. */
  public enum Balancing {
    /** The admitted server with the fewest calls in flight from this client. */
    LEAST_OUTSTANDING("least-outstanding"),
    /** Redis INCR on one key shared by all clients; server = value mod admitted count. */
    GLOBAL_COUNTER("global-counter");

    private final String key;

    Balancing(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    static Balancing fromKey(String key) {
      return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("expected least-outstanding or global-counter"));
    }
  }

  public static final Balancing DEFAULT_BALANCING = Balancing.LEAST_OUTSTANDING;
  public static final Duration DEFAULT_DNS_REFRESH = Duration.ofSeconds(30);
  public static final String DEFAULT_REDIS_HOST = "localhost";
  public static final int DEFAULT_REDIS_PORT = 6379;
  public static final String DEFAULT_REDIS_KEY = "nearline:triton:request-counter";
  /** Short: the counter sits on every call's path, and a slow Redis should fall back, not stall. */
  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(20);
  public static final int DEFAULT_REDIS_CONNECTIONS = 4;
  public static final Duration DEFAULT_REDIS_RETRY = Duration.ofSeconds(1);
  public static final int DEFAULT_COUNTER_BLOCK = 1;
  public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMillis(500);
  public static final int DEFAULT_EJECT_AFTER_FAILURES = 3;
  public static final int DEFAULT_READMIT_AFTER_SUCCESSES = 2;
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(2);
  /** One retry per ten calls: a fleet-wide outage adds at most 10% load instead of doubling it. */
  public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.1;
  public static final int DEFAULT_RETRY_BUDGET_BURST = 20;

  private static final OptionTable<Builder> TABLE = new OptionTable<Builder>()
      .add("triton.fleet.targets", (b, v) -> b.targets(v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"))))
      .add("triton.fleet.dns-name", Builder::dnsName)
      .add("triton.fleet.dns-refresh-ms", (b, v) -> b.dnsRefresh(millis(v)))
      .add("triton.fleet.balancer", (b, v) -> b.balancing(Balancing.fromKey(v)))
      .add("triton.fleet.redis-host", Builder::redisHost)
      .add("triton.fleet.redis-port", (b, v) -> b.redisPort(Integer.parseInt(v)))
      .add("triton.fleet.redis-password", Builder::redisPassword)
      .add("triton.fleet.redis-key", Builder::redisKey)
      .add("triton.fleet.redis-timeout-ms", (b, v) -> b.redisTimeout(millis(v)))
      .add("triton.fleet.redis-connections", (b, v) -> b.redisConnections(Integer.parseInt(v)))
      .add("triton.fleet.redis-retry-ms", (b, v) -> b.redisRetry(millis(v)))
      .add("triton.fleet.counter-block", (b, v) -> b.counterBlock(Integer.parseInt(v)))
      .add("triton.fleet.health-interval-ms", (b, v) -> b.healthInterval(millis(v)))
      .add("triton.fleet.health-timeout-ms", (b, v) -> b.healthTimeout(millis(v)))
      .add("triton.fleet.eject-after-failures", (b, v) -> b.ejectAfterFailures(Integer.parseInt(v)))
      .add("triton.fleet.readmit-after-successes", (b, v) -> b.readmitAfterSuccesses(Integer.parseInt(v)))
      .add("triton.fleet.breaker-failures", (b, v) -> b.breakerFailures(Integer.parseInt(v)))
      .add("triton.fleet.breaker-open-ms", (b, v) -> b.breakerOpen(millis(v)))
      .add("triton.fleet.retry-budget-ratio", (b, v) -> b.retryBudgetRatio(Double.parseDouble(v)))
      .add("triton.fleet.retry-budget-burst", (b, v) -> b.retryBudgetBurst(Integer.parseInt(v)));

  private final Builder values;

  private FleetOptions(Builder b) {
    this.values = b.copy();
    if (!b.targets.isEmpty() && !b.dnsName.isEmpty()) {
      throw new IllegalArgumentException("set triton.fleet.targets or triton.fleet.dns-name, not both");
    }
    b.targets.forEach(FleetOptions::requireHostPort);
    if (!b.dnsName.isEmpty()) {
      requireHostPort(b.dnsName);
    }
    requireAtLeast("triton.fleet.redis-connections", b.redisConnections, 1);
    requireAtLeast("triton.fleet.counter-block", b.counterBlock, 1);
    requireAtLeast("triton.fleet.eject-after-failures", b.ejectAfterFailures, 1);
    requireAtLeast("triton.fleet.readmit-after-successes", b.readmitAfterSuccesses, 1);
    requireAtLeast("triton.fleet.breaker-failures", b.breakerFailures, 1);
    requireAtLeast("triton.fleet.retry-budget-burst", b.retryBudgetBurst, 0);
    if (!(b.retryBudgetRatio >= 0 && b.retryBudgetRatio <= 1)) {
      throw new IllegalArgumentException("triton.fleet.retry-budget-ratio must be in [0, 1], got " + b.retryBudgetRatio);
    }
    if (b.healthInterval.isZero() || b.dnsRefresh.isZero()) {
      throw new IllegalArgumentException("health interval and DNS refresh must be positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  static Set<String> keys() {
    return TABLE.keys();
  }

  static void apply(Builder builder, String key, String value) {
    TABLE.apply(builder, key, value);
  }

  /** Splits {@code host:port} (IPv6 hosts in brackets) and checks the port. */
  static String[] requireHostPort(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + target + "'");
    }
    int port = Integer.parseInt(target.substring(colon + 1));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + target + "'");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new String[] {host, Integer.toString(port)};
  }

  private static void requireAtLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
    }
  }

  private static Duration millis(String value) {
    return Duration.ofMillis(OptionTable.parseMillis(value));
  }

  public List<String> targets() { return values.targets; }
  public String dnsName() { return values.dnsName; }
  public Duration dnsRefresh() { return values.dnsRefresh; }
  public Balancing balancing() { return values.balancing; }
  public String redisHost() { return values.redisHost; }
  public int redisPort() { return values.redisPort; }
  public String redisPassword() { return values.redisPassword; }
  public String redisKey() { return values.redisKey; }
  public Duration redisTimeout() { return values.redisTimeout; }
  public int redisConnections() { return values.redisConnections; }
  public Duration redisRetry() { return values.redisRetry; }
  public int counterBlock() { return values.counterBlock; }
  public Duration healthInterval() { return values.healthInterval; }
  public Duration healthTimeout() { return values.healthTimeout; }
  public int ejectAfterFailures() { return values.ejectAfterFailures; }
  public int readmitAfterSuccesses() { return values.readmitAfterSuccesses; }
  public int breakerFailures() { return values.breakerFailures; }
  public Duration breakerOpen() { return values.breakerOpen; }
  public double retryBudgetRatio() { return values.retryBudgetRatio; }
  public int retryBudgetBurst() { return values.retryBudgetBurst; }

  /** Builder starting from the documented defaults. */
  public static final class Builder implements Cloneable {
    private List<String> targets = List.of();
    private String dnsName = "";
    private Duration dnsRefresh = DEFAULT_DNS_REFRESH;
    private Balancing balancing = DEFAULT_BALANCING;
    private String redisHost = DEFAULT_REDIS_HOST;
    private int redisPort = DEFAULT_REDIS_PORT;
    private String redisPassword = "";
    private String redisKey = DEFAULT_REDIS_KEY;
    private Duration redisTimeout = DEFAULT_REDIS_TIMEOUT;
    private int redisConnections = DEFAULT_REDIS_CONNECTIONS;
    private Duration redisRetry = DEFAULT_REDIS_RETRY;
    private int counterBlock = DEFAULT_COUNTER_BLOCK;
    private Duration healthInterval = DEFAULT_HEALTH_INTERVAL;
    private Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;
    private int ejectAfterFailures = DEFAULT_EJECT_AFTER_FAILURES;
    private int readmitAfterSuccesses = DEFAULT_READMIT_AFTER_SUCCESSES;
    private int breakerFailures = DEFAULT_BREAKER_FAILURES;
    private Duration breakerOpen = DEFAULT_BREAKER_OPEN;
    private double retryBudgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
    private int retryBudgetBurst = DEFAULT_RETRY_BUDGET_BURST;

    private Builder() {}

    /** host:port of every server; empty uses {@code triton.target} alone. */
    public Builder targets(List<String> value) { targets = List.copyOf(value); return this; }
    /** host:port whose host is resolved to all its addresses, e.g. a Kubernetes headless service. */
    public Builder dnsName(String value) { dnsName = value; return this; }
    public Builder dnsRefresh(Duration value) { dnsRefresh = value; return this; }
    public Builder balancing(Balancing value) { balancing = value; return this; }
    public Builder redisHost(String value) { redisHost = value; return this; }
    public Builder redisPort(int value) { redisPort = value; return this; }
    public Builder redisPassword(String value) { redisPassword = value; return this; }
    public Builder redisKey(String value) { redisKey = value; return this; }
    public Builder redisTimeout(Duration value) { redisTimeout = value; return this; }
    public Builder redisConnections(int value) { redisConnections = value; return this; }
    public Builder redisRetry(Duration value) { redisRetry = value; return this; }
    public Builder counterBlock(int value) { counterBlock = value; return this; }
    public Builder healthInterval(Duration value) { healthInterval = value; return this; }
    public Builder healthTimeout(Duration value) { healthTimeout = value; return this; }
    public Builder ejectAfterFailures(int value) { ejectAfterFailures = value; return this; }
    public Builder readmitAfterSuccesses(int value) { readmitAfterSuccesses = value; return this; }
    public Builder breakerFailures(int value) { breakerFailures = value; return this; }
    public Builder breakerOpen(Duration value) { breakerOpen = value; return this; }
    public Builder retryBudgetRatio(double value) { retryBudgetRatio = value; return this; }
    public Builder retryBudgetBurst(int value) { retryBudgetBurst = value; return this; }

    public FleetOptions build() {
      return new FleetOptions(this);
    }

    private Builder copy() {
      try {
        return (Builder) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
