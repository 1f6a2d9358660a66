package io.nearline.recall.inference;

import io.nearline.recall.cache.RedisConnection;
import io.nearline.recall.cache.RedisOptions;
import io.nearline.recall.config.OptionValues;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;

/**
 * How the client spreads calls over many inference servers ({@code triton.fleet.*} keys, declared in
 * {@link TritonOptions}): which servers, the balancing mode, health checks, circuit breakers and the retry budget.
 */
public final class FleetOptions {

  /** How a call's server is chosen. */
  public enum Balancing {
    /** The admitted server with the fewest calls in flight from this client. */
    LEAST_OUTSTANDING("least-outstanding"),
    /** Redis INCR on one key shared by all clients; server = value mod admitted count. */
    GLOBAL_COUNTER("global-counter"),
    /**
     * gRPC's own: one channel over every server, its round_robin policy inside its outlier detection, retries
     * and their throttling by its service config ({@link GrpcBalancedClient}).
     */
    GRPC_ROUND_ROBIN("grpc-round-robin");

    private final String key;

    Balancing(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    static Balancing fromKey(String key) {
      return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("expected least-outstanding, global-counter or grpc-round-robin"));
    }
  }

  /** The fleet's keys and the Redis connection of its global counter. */
  private static final List<ConfigOption<?>> KNOWN =
      Stream.concat(TritonOptions.FLEET.stream(), RedisOptions.CONNECTION.stream()).toList();

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
    Objects.requireNonNull(b.redis, "redis");
    requireAtLeast("triton.fleet.counter-block", b.counterBlock, 1);
    requireAtLeast("triton.fleet.eject-after-failures", b.ejectAfterFailures, 1);
    requireAtLeast("triton.fleet.readmit-after-successes", b.readmitAfterSuccesses, 1);
    requireAtLeast("triton.fleet.breaker-failures", b.breakerFailures, 1);
    requireAtLeast("triton.fleet.retry-budget-burst", b.retryBudgetBurst, 0);
    if (!(b.retryBudgetRatio >= 0 && b.retryBudgetRatio <= 1)) {
      throw new IllegalArgumentException("triton.fleet.retry-budget-ratio must be in [0, 1], got " + b.retryBudgetRatio);
    }
    requireAtLeast("triton.fleet.outlier-request-volume", b.outlierRequestVolume, 1);
    requirePercent("triton.fleet.outlier-failure-percent", b.outlierFailurePercent);
    requirePercent("triton.fleet.outlier-max-ejection-percent", b.outlierMaxEjectionPercent);
    if (b.outlierInterval.isZero() || b.outlierInterval.isNegative() || b.outlierEjectionTime.isNegative()) {
      throw new IllegalArgumentException("triton.fleet.outlier-interval must be positive, outlier-ejection-time >= 0");
    }
    if (b.healthInterval.isZero() || b.dnsRefresh.isZero()) {
      throw new IllegalArgumentException("health interval and DNS refresh must be positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code triton.fleet.*} keys, and the {@code redis.*} connection of the global counter; an unknown
   * {@code triton.fleet.*} key is an error naming it.
   */
  static FleetOptions from(Map<String, String> config) {
    OptionValues v = OptionValues.of(config, KNOWN, "triton.fleet.");
    Balancing balancing;
    try {
      balancing = Balancing.fromKey(v.get(TritonOptions.FLEET_BALANCER));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TritonOptions.FLEET_BALANCER.key() + "=" + v.get(TritonOptions.FLEET_BALANCER)
          + ": " + e.getMessage());
    }
    return builder()
        .targets(v.list(TritonOptions.FLEET_TARGETS))
        .dnsName(v.get(TritonOptions.FLEET_DNS_NAME))
        .dnsRefresh(v.get(TritonOptions.FLEET_DNS_REFRESH))
        .balancing(balancing)
        .redis(RedisConnection.from(v))
        .redisKey(v.get(TritonOptions.FLEET_REDIS_KEY))
        .redisTimeout(v.get(TritonOptions.FLEET_REDIS_TIMEOUT))
        .redisConnections(v.get(TritonOptions.FLEET_REDIS_CONNECTIONS))
        .redisRetry(v.get(TritonOptions.FLEET_REDIS_RETRY))
        .counterBlock(v.get(TritonOptions.FLEET_COUNTER_BLOCK))
        .healthInterval(v.get(TritonOptions.FLEET_HEALTH_INTERVAL))
        .healthTimeout(v.get(TritonOptions.FLEET_HEALTH_TIMEOUT))
        .ejectAfterFailures(v.get(TritonOptions.FLEET_EJECT_AFTER_FAILURES))
        .readmitAfterSuccesses(v.get(TritonOptions.FLEET_READMIT_AFTER_SUCCESSES))
        .breakerFailures(v.get(TritonOptions.FLEET_BREAKER_FAILURES))
        .breakerOpen(v.get(TritonOptions.FLEET_BREAKER_OPEN))
        .retryBudgetRatio(v.get(TritonOptions.FLEET_RETRY_BUDGET_RATIO))
        .retryBudgetBurst(v.get(TritonOptions.FLEET_RETRY_BUDGET_BURST))
        .outlierInterval(v.get(TritonOptions.FLEET_OUTLIER_INTERVAL))
        .outlierFailurePercent(v.get(TritonOptions.FLEET_OUTLIER_FAILURE_PERCENT))
        .outlierRequestVolume(v.get(TritonOptions.FLEET_OUTLIER_REQUEST_VOLUME))
        .outlierEjectionTime(v.get(TritonOptions.FLEET_OUTLIER_EJECTION_TIME))
        .outlierMaxEjectionPercent(v.get(TritonOptions.FLEET_OUTLIER_MAX_EJECTION_PERCENT))
        .build();
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

  private static void requirePercent(String key, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(key + " must be in [0, 100], got " + value);
    }
  }

  private static void requireAtLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
    }
  }

  public List<String> targets() { return values.targets; }
  public String dnsName() { return values.dnsName; }
  public Duration dnsRefresh() { return values.dnsRefresh; }
  public Balancing balancing() { return values.balancing; }
  /** The Redis of the global counter: the job's one Redis connection ({@code redis.*}). */
  public RedisConnection redis() { return values.redis; }
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
  public Duration outlierInterval() { return values.outlierInterval; }
  public int outlierFailurePercent() { return values.outlierFailurePercent; }
  public int outlierRequestVolume() { return values.outlierRequestVolume; }
  public Duration outlierEjectionTime() { return values.outlierEjectionTime; }
  public int outlierMaxEjectionPercent() { return values.outlierMaxEjectionPercent; }

  /** Builder starting from the documented defaults. */
  public static final class Builder implements Cloneable {
    private List<String> targets = List.of();
    private String dnsName = TritonOptions.FLEET_DNS_NAME.defaultValue();
    private Duration dnsRefresh = TritonOptions.FLEET_DNS_REFRESH.defaultValue();
    private Balancing balancing = Balancing.LEAST_OUTSTANDING;
    private RedisConnection redis = RedisConnection.defaults();
    private String redisKey = TritonOptions.FLEET_REDIS_KEY.defaultValue();
    private Duration redisTimeout = TritonOptions.FLEET_REDIS_TIMEOUT.defaultValue();
    private int redisConnections = TritonOptions.FLEET_REDIS_CONNECTIONS.defaultValue();
    private Duration redisRetry = TritonOptions.FLEET_REDIS_RETRY.defaultValue();
    private int counterBlock = TritonOptions.FLEET_COUNTER_BLOCK.defaultValue();
    private Duration healthInterval = TritonOptions.FLEET_HEALTH_INTERVAL.defaultValue();
    private Duration healthTimeout = TritonOptions.FLEET_HEALTH_TIMEOUT.defaultValue();
    private int ejectAfterFailures = TritonOptions.FLEET_EJECT_AFTER_FAILURES.defaultValue();
    private int readmitAfterSuccesses = TritonOptions.FLEET_READMIT_AFTER_SUCCESSES.defaultValue();
    private int breakerFailures = TritonOptions.FLEET_BREAKER_FAILURES.defaultValue();
    private Duration breakerOpen = TritonOptions.FLEET_BREAKER_OPEN.defaultValue();
    private double retryBudgetRatio = TritonOptions.FLEET_RETRY_BUDGET_RATIO.defaultValue();
    private int retryBudgetBurst = TritonOptions.FLEET_RETRY_BUDGET_BURST.defaultValue();
    private Duration outlierInterval = TritonOptions.FLEET_OUTLIER_INTERVAL.defaultValue();
    private int outlierFailurePercent = TritonOptions.FLEET_OUTLIER_FAILURE_PERCENT.defaultValue();
    private int outlierRequestVolume = TritonOptions.FLEET_OUTLIER_REQUEST_VOLUME.defaultValue();
    private Duration outlierEjectionTime = TritonOptions.FLEET_OUTLIER_EJECTION_TIME.defaultValue();
    private int outlierMaxEjectionPercent = TritonOptions.FLEET_OUTLIER_MAX_EJECTION_PERCENT.defaultValue();

    private Builder() {}

    /** host:port of every server; empty uses {@code triton.target} alone. */
    public Builder targets(List<String> value) { targets = List.copyOf(value); return this; }
    /** host:port whose host is resolved to all its addresses, e.g. a Kubernetes headless service. */
    public Builder dnsName(String value) { dnsName = value; return this; }
    public Builder dnsRefresh(Duration value) { dnsRefresh = value; return this; }
    public Builder balancing(Balancing value) { balancing = value; return this; }
    /** The Redis of the global counter. */
    public Builder redis(RedisConnection value) { redis = value; return this; }
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
    public Builder outlierInterval(Duration value) { outlierInterval = value; return this; }
    public Builder outlierFailurePercent(int value) { outlierFailurePercent = value; return this; }
    public Builder outlierRequestVolume(int value) { outlierRequestVolume = value; return this; }
    public Builder outlierEjectionTime(Duration value) { outlierEjectionTime = value; return this; }
    public Builder outlierMaxEjectionPercent(int value) { outlierMaxEjectionPercent = value; return this; }

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
