package io.nearline.recall.server;

import io.nearline.recall.config.OptionValues;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every tunable of the local inference server, each a documented option ({@code server.*}) with a default; build
 * with {@link #builder()}, from {@code server.*} keys with {@link #fromMap(Map)}, or from {@code --key=value}
 * arguments (the key without its {@code server.} prefix) with {@link #fromArgs(String[])}.
 */
public final class LocalServerOptions {

  public static final ConfigOption<Integer> PORT = ConfigOptions.key("server.port").intType().defaultValue(8001)
      .withDescription("gRPC port; 0 picks a free one (Triton's gRPC default is 8001).");
  public static final ConfigOption<String> BIND_ADDRESS = ConfigOptions.key("server.bind-address").stringType()
      .defaultValue("127.0.0.1")
      .withDescription("Address the gRPC port and the metrics endpoint listen on: loopback by default, so a server "
          + "started by hand or by the demo is not on the network; 0.0.0.0 in a container (compose, the image).");
  public static final ConfigOption<Integer> METRICS_PORT = ConfigOptions.key("server.metrics-port").intType()
      .defaultValue(-1)
      .withDescription("Port of the Prometheus endpoint /metrics; 0 picks a free one, negative serves none "
          + "(Triton's metrics port is 8002).");
  public static final ConfigOption<String> TLS_CERT_CHAIN_FILE = ConfigOptions.key("server.tls-cert-chain-file")
      .stringType().defaultValue("")
      .withDescription("PEM certificate chain the gRPC port serves TLS with; empty serves plaintext.");
  public static final ConfigOption<String> TLS_PRIVATE_KEY_FILE = ConfigOptions.key("server.tls-private-key-file")
      .stringType().defaultValue("").withDescription("PKCS#8 PEM private key of that certificate.");
  public static final ConfigOption<String> TLS_CLIENT_CA_FILE = ConfigOptions.key("server.tls-client-ca-file")
      .stringType().defaultValue("")
      .withDescription("PEM CA certificate(s) a client certificate must chain to: set, every client must present "
          + "one (mutual TLS); empty asks for none.");
  public static final ConfigOption<String> AUTH_TOKEN_FILE = ConfigOptions.key("server.auth-token-file")
      .stringType().defaultValue("")
      .withDescription("File holding the bearer token every call must carry (authorization: Bearer TOKEN), "
          + "surrounding whitespace ignored; empty checks none. Needs TLS: a token must not cross the network in clear.");
  public static final ConfigOption<String> MODEL_NAME = ConfigOptions.key("server.model-name").stringType()
      .defaultValue("ensemble").withDescription("Served model name (the TensorRT-LLM ensemble's).");
  public static final ConfigOption<Integer> INFERENCE_THREADS = ConfigOptions.key("server.inference-threads")
      .intType().defaultValue(Runtime.getRuntime().availableProcessors())
      .withDescription("Threads running beam searches; one per core by default.");
  public static final ConfigOption<Integer> MAX_QUEUED_REQUESTS = ConfigOptions.key("server.max-queued-requests")
      .intType().defaultValue(512)
      .withDescription("Searches waiting for a thread before RESOURCE_EXHAUSTED; at least what the clients keep in "
          + "flight together (the job's inference.max-in-flight times its parallelism), or a burst the client still "
          + "has room for is refused.");
  public static final ConfigOption<Integer> PRIORITY_LEVELS = ConfigOptions.key("server.priority-levels")
      .intType().defaultValue(2)
      .withDescription("Levels of Triton's schedule-policy priority (request parameter 'priority', 1 the highest) the "
          + "search queue orders by, arrival order within a level; a request without one, or beyond the last level, "
          + "waits at the last (the job sends 1 for the top tier, 2 for the others).");
  public static final ConfigOption<Duration> MODEL_LATENCY = ConfigOptions.key("server.model-latency").durationType()
      .defaultValue(Duration.ZERO)
      .withDescription("Least time from a request's arrival to its answer, standing in for a GPU model's 50-500 ms: "
          + "an answer whose search ends sooner is held back until then, off the search threads (a GPU server "
          + "batches the requests in flight), so it sets latency, not throughput; 0 answers when the search ends.");
  public static final ConfigOption<Integer> MAX_BEAM_WIDTH = ConfigOptions.key("server.max-beam-width").intType()
      .defaultValue(1024).withDescription("Widest beam accepted; wider requests get INVALID_ARGUMENT.");
  public static final ConfigOption<String> CATALOGUE = ConfigOptions.key("server.catalogue").stringType()
      .defaultValue("").withDescription("File of semantic IDs, one rendered ID per line; empty uses fixture IDs.");
  public static final ConfigOption<String> MODEL = ConfigOptions.key("server.model").stringType().defaultValue("")
      .withDescription("A recall-model file to serve; empty serves the frequency test fixture.");
  public static final ConfigOption<String> MODEL_KIND = ConfigOptions.key("server.model-kind").stringType()
      .defaultValue("count")
      .withDescription("count (the recall-model file or the fixture), transformer or fusion.");
  public static final ConfigOption<String> CHECKPOINT = ConfigOptions.key("server.checkpoint").stringType()
      .defaultValue("")
      .withDescription("The recall LLM's Hugging Face checkpoint folder, for transformer and fusion.");
  public static final ConfigOption<String> CATALOGUE_VERSION = ConfigOptions.key("server.catalogue-version")
      .stringType().defaultValue("")
      .withDescription("Semantic-ID codebook version of server.catalogue; a checkpoint trained on another is refused.");
  public static final ConfigOption<Float> FUSION_WEIGHT = ConfigOptions.key("server.fusion-weight").floatType()
      .defaultValue(0.75f)
      .withDescription("Weight of the count model's log-probabilities added to the transformer's (0.75 chosen on"
          + " Beauty's validation users among 0, 0.25, 0.5, 0.75, 1, 1.5 and 2).");
  public static final ConfigOption<Long> PREFIX_CACHE_BYTES = ConfigOptions.key("server.prefix-cache-bytes")
      .longType().defaultValue(256L << 20)
      .withDescription("Bound of the transformer's prefix KV cache; 0 turns it off.");
  public static final ConfigOption<String> TRANSFORMER_RUNTIME = ConfigOptions.key("server.transformer-runtime")
      .stringType().defaultValue("auto")
      .withDescription("What runs the recall LLM: onnx (ONNX Runtime over the checkpoint's model.onnx, exported "
          + "by recall-model/llm/export_onnx.py, which train.py runs), java (the plain-Java forward pass over the "
          + "weights) or auto: onnx when the checkpoint folder holds model.onnx, else java. An export whose "
          + "model.onnx.json does not name the checkpoint's model version and weights is refused, under auto too.");
  public static final ConfigOption<Integer> ONNX_THREADS = ConfigOptions.key("server.onnx-threads").intType()
      .defaultValue(1)
      .withDescription("ONNX Runtime's intra-op threads per run; 0 for its default (one per core). 1 because each "
          + "inference thread runs its own search: more threads per run only contend for the same cores (on 2 "
          + "cores the default was 2-2.5x slower than one, triton-models/README.md).");
  public static final ConfigOption<String> PROMPT_TEMPLATE = ConfigOptions.key("server.prompt-template").stringType()
      .defaultValue("templates/recall-v1.properties")
      .withDescription("The job's prompt template; its recent-part labels end the cached frozen prefix.");
  public static final ConfigOption<Integer> FIXTURE_IDS = ConfigOptions.key("server.fixture-ids").intType()
      .defaultValue(10_000).withDescription("How many synthetic IDs to serve when no catalogue is given.");
  public static final ConfigOption<Integer> FIXTURE_LEVELS = ConfigOptions.key("server.fixture-levels").intType()
      .defaultValue(4).withDescription("Codes per synthetic ID.");
  public static final ConfigOption<Integer> FIXTURE_CODES = ConfigOptions.key("server.fixture-codes").intType()
      .defaultValue(256).withDescription("Codebook size per level of synthetic IDs and of the fixture model.");
  public static final ConfigOption<Long> FIXTURE_SEED = ConfigOptions.key("server.fixture-seed").longType()
      .defaultValue(42L).withDescription("Seed of the synthetic IDs and the fixture model.");

  /** Every option, in README order. */
  public static final List<ConfigOption<?>> ALL = List.of(PORT, BIND_ADDRESS, METRICS_PORT, TLS_CERT_CHAIN_FILE,
      TLS_PRIVATE_KEY_FILE, TLS_CLIENT_CA_FILE, AUTH_TOKEN_FILE, MODEL_NAME, INFERENCE_THREADS,
      MAX_QUEUED_REQUESTS, PRIORITY_LEVELS, MODEL_LATENCY, MAX_BEAM_WIDTH, CATALOGUE, MODEL, MODEL_KIND, CHECKPOINT, CATALOGUE_VERSION, FUSION_WEIGHT, PREFIX_CACHE_BYTES,
      TRANSFORMER_RUNTIME, ONNX_THREADS, PROMPT_TEMPLATE, FIXTURE_IDS, FIXTURE_LEVELS, FIXTURE_CODES, FIXTURE_SEED);

  public static final int DEFAULT_MAX_BEAM_WIDTH = MAX_BEAM_WIDTH.defaultValue();
  public static final float DEFAULT_FUSION_WEIGHT = FUSION_WEIGHT.defaultValue();
  public static final long DEFAULT_PREFIX_CACHE_BYTES = PREFIX_CACHE_BYTES.defaultValue();
  public static final String DEFAULT_PROMPT_TEMPLATE = PROMPT_TEMPLATE.defaultValue();

  /** The values of {@code server.model-kind}. */
  public static final Set<String> MODEL_KINDS = Set.of("count", "transformer", "fusion");
  /** The values of {@code server.transformer-runtime}. */
  public static final Set<String> TRANSFORMER_RUNTIMES = Set.of("auto", "onnx", "java");

  private final Builder values;

  private LocalServerOptions(Builder values) {
    if (values.port < 0 || values.port > 65535) {
      throw new IllegalArgumentException("server.port must be in [0, 65535], got " + values.port);
    }
    if (values.metricsPort > 65535) {
      throw new IllegalArgumentException("server.metrics-port must be at most 65535, got " + values.metricsPort);
    }
    if (values.inferenceThreads < 1 || values.maxQueuedRequests < 1 || values.maxBeamWidth < 1
        || values.priorityLevels < 1) {
      throw new IllegalArgumentException("threads, queue, priority levels and beam width limits must be positive");
    }
    if (values.tlsCertChainFile.isEmpty() != values.tlsPrivateKeyFile.isEmpty()) {
      throw new IllegalArgumentException("server.tls-cert-chain-file and server.tls-private-key-file must be set together");
    }
    if (values.tlsCertChainFile.isEmpty() && !values.tlsClientCaFile.isEmpty()) {
      throw new IllegalArgumentException("server.tls-client-ca-file needs server.tls-cert-chain-file: mutual TLS is TLS");
    }
    if (values.tlsCertChainFile.isEmpty() && !values.authTokenFile.isEmpty()) {
      throw new IllegalArgumentException("server.auth-token-file needs server.tls-cert-chain-file: "
          + "a bearer token must not cross the network in clear");
    }
    if (values.modelLatency.isNegative()) {
      throw new IllegalArgumentException("server.model-latency must not be negative, got " + values.modelLatency);
    }
    if (!MODEL_KINDS.contains(values.modelKind)) {
      throw new IllegalArgumentException("server.model-kind must be one of " + MODEL_KINDS + ", got " + values.modelKind);
    }
    if (!values.modelKind.equals("count") && values.checkpoint.isEmpty()) {
      throw new IllegalArgumentException("server.model-kind=" + values.modelKind + " needs server.checkpoint");
    }
    if (!TRANSFORMER_RUNTIMES.contains(values.transformerRuntime)) {
      throw new IllegalArgumentException("server.transformer-runtime must be one of " + TRANSFORMER_RUNTIMES
          + ", got " + values.transformerRuntime);
    }
    if (values.onnxThreads < 0) {
      throw new IllegalArgumentException("server.onnx-threads must be >= 0, got " + values.onnxThreads);
    }
    if (!(values.fusionWeight >= 0f) || Float.isInfinite(values.fusionWeight) || values.prefixCacheBytes < 0) {
      throw new IllegalArgumentException("server.fusion-weight and server.prefix-cache-bytes must be >= 0");
    }
    this.values = values.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every key {@link #fromMap} reads, in README order. */
  public static Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    ALL.forEach(option -> keys.add(option.key()));
    return Collections.unmodifiableSet(keys);
  }

  /** Reads {@code server.*} keys; unknown {@code server.*} keys and malformed values are errors naming the key. */
  public static LocalServerOptions fromMap(Map<String, String> config) {
    OptionValues v = OptionValues.of(config, ALL, "server.");
    Builder b = builder();
    b.port = v.get(PORT);
    b.bindAddress = v.get(BIND_ADDRESS);
    b.metricsPort = v.get(METRICS_PORT);
    b.tlsCertChainFile = v.get(TLS_CERT_CHAIN_FILE);
    b.tlsPrivateKeyFile = v.get(TLS_PRIVATE_KEY_FILE);
    b.tlsClientCaFile = v.get(TLS_CLIENT_CA_FILE);
    b.authTokenFile = v.get(AUTH_TOKEN_FILE);
    b.modelName = v.get(MODEL_NAME);
    b.inferenceThreads = v.get(INFERENCE_THREADS);
    b.maxQueuedRequests = v.get(MAX_QUEUED_REQUESTS);
    b.priorityLevels = v.get(PRIORITY_LEVELS);
    b.modelLatency = v.get(MODEL_LATENCY);
    b.maxBeamWidth = v.get(MAX_BEAM_WIDTH);
    b.catalogue = v.get(CATALOGUE);
    b.model = v.get(MODEL);
    b.modelKind = v.get(MODEL_KIND);
    b.checkpoint = v.get(CHECKPOINT);
    b.catalogueVersion = v.get(CATALOGUE_VERSION);
    b.fusionWeight = v.get(FUSION_WEIGHT);
    b.prefixCacheBytes = v.get(PREFIX_CACHE_BYTES);
    b.transformerRuntime = v.get(TRANSFORMER_RUNTIME);
    b.onnxThreads = v.get(ONNX_THREADS);
    b.promptTemplate = v.get(PROMPT_TEMPLATE);
    b.fixtureIds = v.get(FIXTURE_IDS);
    b.fixtureLevels = v.get(FIXTURE_LEVELS);
    b.fixtureCodes = v.get(FIXTURE_CODES);
    b.fixtureSeed = v.get(FIXTURE_SEED);
    return b.build();
  }

  /**
   * Reads {@code --port=8001}-style arguments, each the key without its {@code server.} prefix, as
   * {@link LocalServerMain} takes them; a bad argument is an IllegalArgumentException naming it.
   */
  public static LocalServerOptions fromArgs(String[] args) {
    return LocalServerMain.parse(args);
  }

  public int port() { return values.port; }
  /** The Prometheus endpoint's port: 0 a free one, negative none. */
  public int metricsPort() { return values.metricsPort; }
  /** The address both ports listen on. */
  public String bindAddress() { return values.bindAddress; }
  public String tlsCertChainFile() { return values.tlsCertChainFile; }
  public String tlsPrivateKeyFile() { return values.tlsPrivateKeyFile; }
  public String tlsClientCaFile() { return values.tlsClientCaFile; }
  public String authTokenFile() { return values.authTokenFile; }
  public String modelName() { return values.modelName; }
  public int inferenceThreads() { return values.inferenceThreads; }
  public int maxQueuedRequests() { return values.maxQueuedRequests; }
  public int priorityLevels() { return values.priorityLevels; }
  /** Least time from arrival to answer; zero answers as soon as the search ends. */
  public Duration modelLatency() { return values.modelLatency; }
  public int maxBeamWidth() { return values.maxBeamWidth; }
  public String catalogue() { return values.catalogue; }
  public String model() { return values.model; }
  public String modelKind() { return values.modelKind; }
  public String checkpoint() { return values.checkpoint; }
  public String catalogueVersion() { return values.catalogueVersion; }
  public float fusionWeight() { return values.fusionWeight; }
  public long prefixCacheBytes() { return values.prefixCacheBytes; }
  /** auto, onnx or java. */
  public String transformerRuntime() { return values.transformerRuntime; }
  /** ONNX Runtime's intra-op threads per run, 0 its default. */
  public int onnxThreads() { return values.onnxThreads; }
  public String promptTemplate() { return values.promptTemplate; }
  public int fixtureIds() { return values.fixtureIds; }
  public int fixtureLevels() { return values.fixtureLevels; }
  public int fixtureCodes() { return values.fixtureCodes; }
  public long fixtureSeed() { return values.fixtureSeed; }

  /** Builder starting from the documented defaults. */
  public static final class Builder {
    private int port = PORT.defaultValue();
    private int metricsPort = METRICS_PORT.defaultValue();
    private String bindAddress = BIND_ADDRESS.defaultValue();
    private String tlsCertChainFile = TLS_CERT_CHAIN_FILE.defaultValue();
    private String tlsPrivateKeyFile = TLS_PRIVATE_KEY_FILE.defaultValue();
    private String tlsClientCaFile = TLS_CLIENT_CA_FILE.defaultValue();
    private String authTokenFile = AUTH_TOKEN_FILE.defaultValue();
    private String modelName = MODEL_NAME.defaultValue();
    private int inferenceThreads = INFERENCE_THREADS.defaultValue();
    private int maxQueuedRequests = MAX_QUEUED_REQUESTS.defaultValue();
    private int priorityLevels = PRIORITY_LEVELS.defaultValue();
    private Duration modelLatency = MODEL_LATENCY.defaultValue();
    private int maxBeamWidth = MAX_BEAM_WIDTH.defaultValue();
    private String catalogue = CATALOGUE.defaultValue();
    private String model = MODEL.defaultValue();
    private String modelKind = MODEL_KIND.defaultValue();
    private String checkpoint = CHECKPOINT.defaultValue();
    private String catalogueVersion = CATALOGUE_VERSION.defaultValue();
    private float fusionWeight = FUSION_WEIGHT.defaultValue();
    private long prefixCacheBytes = PREFIX_CACHE_BYTES.defaultValue();
    private String transformerRuntime = TRANSFORMER_RUNTIME.defaultValue();
    private int onnxThreads = ONNX_THREADS.defaultValue();
    private String promptTemplate = PROMPT_TEMPLATE.defaultValue();
    private int fixtureIds = FIXTURE_IDS.defaultValue();
    private int fixtureLevels = FIXTURE_LEVELS.defaultValue();
    private int fixtureCodes = FIXTURE_CODES.defaultValue();
    private long fixtureSeed = FIXTURE_SEED.defaultValue();

    private Builder() {}

    public Builder port(int value) { port = value; return this; }
    public Builder metricsPort(int value) { metricsPort = value; return this; }
    public Builder bindAddress(String value) { bindAddress = value; return this; }
    public Builder modelName(String value) { modelName = value; return this; }
    /** TLS with this PEM certificate chain and PKCS#8 PEM key. */
    public Builder tls(String certChainFile, String privateKeyFile) {
      tlsCertChainFile = certChainFile;
      tlsPrivateKeyFile = privateKeyFile;
      return this;
    }
    public Builder tlsClientCaFile(String value) { tlsClientCaFile = value; return this; }
    public Builder authTokenFile(String value) { authTokenFile = value; return this; }
    public Builder inferenceThreads(int value) { inferenceThreads = value; return this; }
    public Builder maxQueuedRequests(int value) { maxQueuedRequests = value; return this; }
    public Builder priorityLevels(int value) { priorityLevels = value; return this; }
    public Builder modelLatency(Duration value) { modelLatency = value; return this; }
    public Builder maxBeamWidth(int value) { maxBeamWidth = value; return this; }
    public Builder model(String value) { model = value; return this; }
    public Builder catalogue(String value) { catalogue = value; return this; }
    public Builder modelKind(String value) { modelKind = value; return this; }
    public Builder checkpoint(String value) { checkpoint = value; return this; }
    public Builder catalogueVersion(String value) { catalogueVersion = value; return this; }
    public Builder fusionWeight(float value) { fusionWeight = value; return this; }
    public Builder prefixCacheBytes(long value) { prefixCacheBytes = value; return this; }
    public Builder transformerRuntime(String value) { transformerRuntime = value; return this; }
    public Builder onnxThreads(int value) { onnxThreads = value; return this; }

    public LocalServerOptions build() {
      return new LocalServerOptions(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.port = port;
      copy.metricsPort = metricsPort;
      copy.bindAddress = bindAddress;
      copy.tlsCertChainFile = tlsCertChainFile;
      copy.tlsPrivateKeyFile = tlsPrivateKeyFile;
      copy.tlsClientCaFile = tlsClientCaFile;
      copy.authTokenFile = authTokenFile;
      copy.modelName = modelName;
      copy.inferenceThreads = inferenceThreads;
      copy.maxQueuedRequests = maxQueuedRequests;
      copy.priorityLevels = priorityLevels;
      copy.modelLatency = modelLatency;
      copy.maxBeamWidth = maxBeamWidth;
      copy.catalogue = catalogue;
      copy.model = model;
      copy.modelKind = modelKind;
      copy.checkpoint = checkpoint;
      copy.catalogueVersion = catalogueVersion;
      copy.fusionWeight = fusionWeight;
      copy.prefixCacheBytes = prefixCacheBytes;
      copy.transformerRuntime = transformerRuntime;
      copy.onnxThreads = onnxThreads;
      copy.promptTemplate = promptTemplate;
      copy.fixtureIds = fixtureIds;
      copy.fixtureLevels = fixtureLevels;
      copy.fixtureCodes = fixtureCodes;
      copy.fixtureSeed = fixtureSeed;
      return copy;
    }
  }
}
