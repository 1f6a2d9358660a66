package io.nearline.recall.inference;

import io.nearline.recall.cache.RedisOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every {@code triton.*} option of the inference client ({@link InferenceClientOptions}), its fleet
 * ({@link FleetOptions}, {@code triton.fleet.*}) and TLS ({@link TlsOptions}, {@code triton.tls.*}). The fleet's
 * global counter connects to the one Redis of {@link RedisOptions#CONNECTION} ({@code redis.host} ...).
 */
public final class TritonOptions {

    private TritonOptions() {}

    public static final ConfigOption<String> TARGET = ConfigOptions.key("triton.target").stringType()
            .defaultValue("localhost:8001")
            .withDescription("host:port of the gRPC endpoint (Triton's gRPC port is 8001)");
    public static final ConfigOption<String> MODEL_NAME = ConfigOptions.key("triton.model-name").stringType()
            .defaultValue("ensemble")
            .withDescription("model to call; the TensorRT-LLM ensemble's name, also served by the local server");
    public static final ConfigOption<String> MODEL_VERSION = ConfigOptions.key("triton.model-version").stringType()
            .defaultValue("").withDescription("model version; empty lets the server pick its latest");
    public static final ConfigOption<Integer> BEAM_WIDTH = ConfigOptions.key("triton.beam-width").intType()
            .defaultValue(100).withDescription("default beams kept per decoding step");
    public static final ConfigOption<Integer> RETURNED_SEQUENCES = ConfigOptions.key("triton.returned-sequences")
            .intType().defaultValue(100).withDescription("default beams returned (<= beam width)");
    public static final ConfigOption<Integer> MAX_TOKENS = ConfigOptions.key("triton.max-tokens").intType()
            .defaultValue(4).withDescription("tokens generated: one per semantic-ID level");
    public static final ConfigOption<Duration> DEADLINE = ConfigOptions.key("triton.deadline").durationType()
            .defaultValue(Duration.ofMillis(250)).withDeprecatedKeys("triton.deadline-ms")
            .withDescription("default time allowed per call, retries included");
    public static final ConfigOption<Integer> MAX_ATTEMPTS = ConfigOptions.key("triton.max-attempts").intType()
            .defaultValue(3).withDescription("attempts per call, the first included");
    public static final ConfigOption<Duration> INITIAL_BACKOFF = ConfigOptions.key("triton.initial-backoff")
            .durationType().defaultValue(Duration.ofMillis(20)).withDeprecatedKeys("triton.initial-backoff-ms")
            .withDescription("backoff ceiling before the first retry; doubles per retry");
    public static final ConfigOption<Duration> MAX_BACKOFF = ConfigOptions.key("triton.max-backoff").durationType()
            .defaultValue(Duration.ofMillis(200)).withDeprecatedKeys("triton.max-backoff-ms")
            .withDescription("largest backoff ceiling");
    public static final ConfigOption<String> INTEGER_DATATYPE = ConfigOptions.key("triton.integer-datatype")
            .stringType().defaultValue(TensorDatatype.INT32.name())
            .withDescription("datatype of integer inputs: INT32 or UINT32 (older ensembles)");
    public static final ConfigOption<Boolean> SEND_RETURNED_SEQUENCES = ConfigOptions
            .key("triton.send-returned-sequences").booleanType().defaultValue(true)
            .withDescription("send num_return_sequences (false for ensembles without it)");
    public static final ConfigOption<Integer> END_ID = ConfigOptions.key("triton.end-id").intType().defaultValue(-1)
            .withDescription("end token id to send; -1 sends none");
    public static final ConfigOption<Integer> PAD_ID = ConfigOptions.key("triton.pad-id").intType().defaultValue(-1)
            .withDescription("pad token id to send; -1 sends none");

    public static final ConfigOption<String> FLEET_TARGETS = ConfigOptions.key("triton.fleet.targets").stringType()
            .defaultValue("")
            .withDescription("comma-separated host:port of every inference server; empty uses triton.target alone");
    public static final ConfigOption<String> FLEET_DNS_NAME = ConfigOptions.key("triton.fleet.dns-name").stringType()
            .defaultValue("")
            .withDescription("host:port whose host is resolved to all its addresses, one server each (e.g. a "
                    + "Kubernetes headless service); not with targets");
    public static final ConfigOption<Duration> FLEET_DNS_REFRESH = ConfigOptions.key("triton.fleet.dns-refresh")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDeprecatedKeys("triton.fleet.dns-refresh-ms")
            .withDescription("how often the DNS name is resolved again");
    public static final ConfigOption<String> FLEET_BALANCER = ConfigOptions.key("triton.fleet.balancer").stringType()
            .defaultValue(FleetOptions.Balancing.LEAST_OUTSTANDING.key())
            .withDescription("least-outstanding, global-counter (Redis INCR shared by all clients) or grpc-round-robin "
                    + "(gRPC's round_robin with outlier detection, retries by gRPC's service config)");
    public static final ConfigOption<String> FLEET_REDIS_KEY = ConfigOptions.key("triton.fleet.redis-key").stringType()
            .defaultValue("nearline:triton:request-counter")
            .withDescription("the global counter's key; clients sharing a fleet must share it");
    /** Short: the counter sits on every call's path, and a slow Redis should fall back, not stall. */
    public static final ConfigOption<Duration> FLEET_REDIS_TIMEOUT = ConfigOptions.key("triton.fleet.redis-timeout")
            .durationType().defaultValue(Duration.ofMillis(20)).withDeprecatedKeys("triton.fleet.redis-timeout-ms")
            .withDescription("connect/read timeout of a counter call");
    public static final ConfigOption<Integer> FLEET_REDIS_CONNECTIONS = ConfigOptions
            .key("triton.fleet.redis-connections").intType().defaultValue(4)
            .withDescription("pooled Redis connections and threads asking for counter values");
    public static final ConfigOption<Duration> FLEET_REDIS_RETRY = ConfigOptions.key("triton.fleet.redis-retry")
            .durationType().defaultValue(Duration.ofSeconds(1)).withDeprecatedKeys("triton.fleet.redis-retry-ms")
            .withDescription("after a counter failure, balance by least outstanding this long");
    public static final ConfigOption<Integer> FLEET_COUNTER_BLOCK = ConfigOptions.key("triton.fleet.counter-block")
            .intType().defaultValue(1).withDescription("counter values reserved per INCRBY");
    public static final ConfigOption<Duration> FLEET_HEALTH_INTERVAL = ConfigOptions
            .key("triton.fleet.health-interval").durationType().defaultValue(Duration.ofSeconds(1))
            .withDeprecatedKeys("triton.fleet.health-interval-ms")
            .withDescription("period of ServerReady + ModelReady probes of every server");
    public static final ConfigOption<Duration> FLEET_HEALTH_TIMEOUT = ConfigOptions.key("triton.fleet.health-timeout")
            .durationType().defaultValue(Duration.ofMillis(500)).withDeprecatedKeys("triton.fleet.health-timeout-ms")
            .withDescription("time allowed for one probe");
    public static final ConfigOption<Integer> FLEET_EJECT_AFTER_FAILURES = ConfigOptions
            .key("triton.fleet.eject-after-failures").intType().defaultValue(3)
            .withDescription("consecutive failed probes that eject a server");
    public static final ConfigOption<Integer> FLEET_READMIT_AFTER_SUCCESSES = ConfigOptions
            .key("triton.fleet.readmit-after-successes").intType().defaultValue(2)
            .withDescription("consecutive successful probes that readmit an ejected server");
    public static final ConfigOption<Integer> FLEET_BREAKER_FAILURES = ConfigOptions
            .key("triton.fleet.breaker-failures").intType().defaultValue(5)
            .withDescription("consecutive call failures that open a server's circuit");
    public static final ConfigOption<Duration> FLEET_BREAKER_OPEN = ConfigOptions.key("triton.fleet.breaker-open")
            .durationType().defaultValue(Duration.ofSeconds(2)).withDeprecatedKeys("triton.fleet.breaker-open-ms")
            .withDescription("how long an open circuit refuses calls before one trial call");
    /** One retry per ten calls: a fleet-wide outage adds at most 10% load instead of doubling it. */
    public static final ConfigOption<Double> FLEET_RETRY_BUDGET_RATIO = ConfigOptions
            .key("triton.fleet.retry-budget-ratio").doubleType().defaultValue(0.1)
            .withDescription("retries allowed per call sent");
    public static final ConfigOption<Integer> FLEET_RETRY_BUDGET_BURST = ConfigOptions
            .key("triton.fleet.retry-budget-burst").intType().defaultValue(20)
            .withDescription("token bucket size: retries possible at once, and at start");

    public static final ConfigOption<Duration> FLEET_OUTLIER_INTERVAL = ConfigOptions
            .key("triton.fleet.outlier-interval").durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("grpc-round-robin: how often outlier detection compares the servers' failure rates");
    public static final ConfigOption<Integer> FLEET_OUTLIER_FAILURE_PERCENT = ConfigOptions
            .key("triton.fleet.outlier-failure-percent").intType().defaultValue(50)
            .withDescription("grpc-round-robin: a server failing more than this percentage of its calls in an "
                    + "interval is ejected");
    public static final ConfigOption<Integer> FLEET_OUTLIER_REQUEST_VOLUME = ConfigOptions
            .key("triton.fleet.outlier-request-volume").intType().defaultValue(10)
            .withDescription("grpc-round-robin: calls a server must have had in the interval to be judged");
    public static final ConfigOption<Duration> FLEET_OUTLIER_EJECTION_TIME = ConfigOptions
            .key("triton.fleet.outlier-ejection-time").durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("grpc-round-robin: how long a first ejection lasts; each repeated one lasts longer");
    /** Half: failure rates are compared across servers, and the healthier half always keeps serving. */
    public static final ConfigOption<Integer> FLEET_OUTLIER_MAX_EJECTION_PERCENT = ConfigOptions
            .key("triton.fleet.outlier-max-ejection-percent").intType().defaultValue(50)
            .withDescription("grpc-round-robin: no ejection once this percentage of the servers is ejected");

    public static final ConfigOption<Boolean> TLS_ENABLED = ConfigOptions.key("triton.tls.enabled").booleanType()
            .defaultValue(false).withDescription("TLS on the channels (plaintext otherwise)");
    public static final ConfigOption<String> TLS_TRUST_CERT_FILE = ConfigOptions.key("triton.tls.trust-cert-file")
            .stringType().defaultValue("")
            .withDescription("PEM CA certificate(s) the server certificate must chain to; empty trusts the JVM's roots");
    public static final ConfigOption<String> TLS_CERT_CHAIN_FILE = ConfigOptions.key("triton.tls.cert-chain-file")
            .stringType().defaultValue("")
            .withDescription("PEM client certificate chain, for servers requiring mutual TLS");
    public static final ConfigOption<String> TLS_PRIVATE_KEY_FILE = ConfigOptions.key("triton.tls.private-key-file")
            .stringType().defaultValue("").withDescription("PKCS#8 PEM key of that certificate");
    public static final ConfigOption<String> TLS_AUTHORITY = ConfigOptions.key("triton.tls.authority").stringType()
            .defaultValue("").withDescription("name the server certificate is checked against");

    public static final ConfigOption<String> AUTH_TOKEN = ConfigOptions.key("triton.auth-token").stringType()
            .defaultValue("")
            .withDescription("bearer token sent on every call (authorization: Bearer TOKEN), as a gateway in front of "
                    + "Triton or the local server's server.auth-token-file checks it; give it as ${env:NAME}; needs "
                    + "triton.tls.enabled; empty sends none");

    /** The client's own options. */
    public static final List<ConfigOption<?>> CLIENT = List.of(TARGET, MODEL_NAME, MODEL_VERSION, BEAM_WIDTH,
            RETURNED_SEQUENCES, MAX_TOKENS, DEADLINE, MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF, INTEGER_DATATYPE,
            SEND_RETURNED_SEQUENCES, END_ID, PAD_ID, AUTH_TOKEN);

    /** The fleet's options. */
    public static final List<ConfigOption<?>> FLEET = List.of(FLEET_TARGETS, FLEET_DNS_NAME, FLEET_DNS_REFRESH,
            FLEET_BALANCER, FLEET_REDIS_KEY, FLEET_REDIS_TIMEOUT, FLEET_REDIS_CONNECTIONS, FLEET_REDIS_RETRY,
            FLEET_COUNTER_BLOCK, FLEET_HEALTH_INTERVAL, FLEET_HEALTH_TIMEOUT, FLEET_EJECT_AFTER_FAILURES,
            FLEET_READMIT_AFTER_SUCCESSES, FLEET_BREAKER_FAILURES, FLEET_BREAKER_OPEN, FLEET_RETRY_BUDGET_RATIO,
            FLEET_RETRY_BUDGET_BURST, FLEET_OUTLIER_INTERVAL, FLEET_OUTLIER_FAILURE_PERCENT,
            FLEET_OUTLIER_REQUEST_VOLUME, FLEET_OUTLIER_EJECTION_TIME, FLEET_OUTLIER_MAX_EJECTION_PERCENT);

    /** The TLS options. */
    public static final List<ConfigOption<?>> TLS = List.of(TLS_ENABLED, TLS_TRUST_CERT_FILE, TLS_CERT_CHAIN_FILE,
            TLS_PRIVATE_KEY_FILE, TLS_AUTHORITY);

    /** Every {@code triton.*} option, in README order. */
    public static final List<ConfigOption<?>> ALL = concat(CLIENT, FLEET, TLS);

    @SafeVarargs
    private static List<ConfigOption<?>> concat(List<ConfigOption<?>>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
