package io.nearline.recall.server;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Every tunable of the local inference server, each with a documented default; build with
 * {@link #builder()}, from {@code server.*} keys with {@link #fromMap(Map)}, or from
 * {@code --key=value} arguments with {@link #fromArgs(String[])}.
 */
public final class LocalServerOptions {

  /** {@code server.port}: gRPC port; 0 picks a free one. Triton's gRPC default is 8001. */
  public static final int DEFAULT_PORT = 8001;
  /** {@code server.model-name}: the served model name, the same as the TensorRT-LLM ensemble's. */
  public static final String DEFAULT_MODEL_NAME = "ensemble";
  /** {@code server.inference-threads}: threads running beam searches; one per core by default. */
  public static final int DEFAULT_INFERENCE_THREADS = Runtime.getRuntime().availableProcessors();
  /** {@code server.max-queued-requests}: searches waiting for a thread before RESOURCE_EXHAUSTED. */
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 64;
  /** {@code server.max-beam-width}: widest beam accepted; wider requests get INVALID_ARGUMENT. */
  public static final int DEFAULT_MAX_BEAM_WIDTH = 1024;
  /** {@code server.catalogue}: file of semantic IDs, one rendered ID per line; empty uses fixture IDs. */
  public static final String DEFAULT_CATALOGUE = "";
  /** {@code server.model}: a recall-model file to serve; empty serves the frequency test fixture. */
  public static final String DEFAULT_MODEL = "";
  /** {@code server.model-kind}: which model serves: {@code count} (the recall-model file or the fixture), {@code transformer}, {@code fusion}. */
  public static final String DEFAULT_MODEL_KIND = "count";
  /** {@code server.checkpoint}: the recall LLM's Hugging Face checkpoint folder, for {@code transformer} and {@code fusion}. */
  public static final String DEFAULT_CHECKPOINT = "";
  /** {@code server.catalogue-version}: semantic-ID codebook version of {@code server.catalogue}; a checkpoint trained on another is refused. */
  public static final String DEFAULT_CATALOGUE_VERSION = "";
  /** {@code server.fusion-weight}: weight of the count model's log-probabilities added to the transformer's. */
  public static final float DEFAULT_FUSION_WEIGHT = 0.5f;
  /** {@code server.prefix-cache-bytes}: bound of the transformer's prefix KV cache; 0 turns it off. */
  public static final long DEFAULT_PREFIX_CACHE_BYTES = 256L << 20;
  /** {@code server.prompt-template}: the job's prompt template; its recent-part labels end the cached frozen prefix. */
  public static final String DEFAULT_PROMPT_TEMPLATE = "templates/recall-v1.properties";
  /** {@code server.fixture-ids}: how many synthetic IDs to serve when no catalogue is given. */
  public static final int DEFAULT_FIXTURE_IDS = 10_000;
  /** {@code server.fixture-levels}: codes per synthetic ID. */
  public static final int DEFAULT_FIXTURE_LEVELS = 4;
  /** {@code server.fixture-codes}: codebook size per level of synthetic IDs and of the fixture model. */
  public static final int DEFAULT_FIXTURE_CODES = 256;
  /** {@code server.fixture-seed}: seed of the synthetic IDs and the fixture model. */
  public static final long DEFAULT_FIXTURE_SEED = 42L;

  /** The values of {@code server.model-kind}. */
  public static final Set<String> MODEL_KINDS = Set.of("count", "transformer", "fusion");

  private final Builder values;

  private LocalServerOptions(Builder values) {
    if (values.port < 0 || values.port > 65535) {
      throw new IllegalArgumentException("server.port must be in [0, 65535], got " + values.port);
    }
    if (values.inferenceThreads < 1 || values.maxQueuedRequests < 1 || values.maxBeamWidth < 1) {
      throw new IllegalArgumentException("threads, queue and beam width limits must be positive");
    }
    if (!MODEL_KINDS.contains(values.modelKind)) {
      throw new IllegalArgumentException("server.model-kind must be one of " + MODEL_KINDS + ", got " + values.modelKind);
    }
    if (!values.modelKind.equals("count") && values.checkpoint.isEmpty()) {
      throw new IllegalArgumentException("server.model-kind=" + values.modelKind + " needs server.checkpoint");
    }
    if (!(values.fusionWeight >= 0f) || Float.isInfinite(values.fusionWeight) || values.prefixCacheBytes < 0) {
      throw new IllegalArgumentException("server.fusion-weight and server.prefix-cache-bytes must be >= 0");
    }
    this.values = values.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static final Map<String, BiConsumer<Builder, String>> SETTERS = new LinkedHashMap<>();

  static {
    SETTERS.put("server.port", (b, v) -> b.port = Integer.parseInt(v));
    SETTERS.put("server.model-name", (b, v) -> b.modelName = v);
    SETTERS.put("server.inference-threads", (b, v) -> b.inferenceThreads = Integer.parseInt(v));
    SETTERS.put("server.max-queued-requests", (b, v) -> b.maxQueuedRequests = Integer.parseInt(v));
    SETTERS.put("server.max-beam-width", (b, v) -> b.maxBeamWidth = Integer.parseInt(v));
    SETTERS.put("server.catalogue", (b, v) -> b.catalogue = v);
    SETTERS.put("server.model", (b, v) -> b.model = v);
    SETTERS.put("server.model-kind", (b, v) -> b.modelKind = v);
    SETTERS.put("server.checkpoint", (b, v) -> b.checkpoint = v);
    SETTERS.put("server.catalogue-version", (b, v) -> b.catalogueVersion = v);
    SETTERS.put("server.fusion-weight", (b, v) -> b.fusionWeight = Float.parseFloat(v));
    SETTERS.put("server.prefix-cache-bytes", (b, v) -> b.prefixCacheBytes = Long.parseLong(v));
    SETTERS.put("server.prompt-template", (b, v) -> b.promptTemplate = v);
    SETTERS.put("server.fixture-ids", (b, v) -> b.fixtureIds = Integer.parseInt(v));
    SETTERS.put("server.fixture-levels", (b, v) -> b.fixtureLevels = Integer.parseInt(v));
    SETTERS.put("server.fixture-codes", (b, v) -> b.fixtureCodes = Integer.parseInt(v));
    SETTERS.put("server.fixture-seed", (b, v) -> b.fixtureSeed = Long.parseLong(v));
  }

  /** Every key {@link #fromMap} reads, in README order. */
  public static Set<String> keys() {
    return Collections.unmodifiableSet(SETTERS.keySet());
  }

  /** Reads {@code server.*} keys; unknown {@code server.*} keys and malformed values are errors. */
  public static LocalServerOptions fromMap(Map<String, String> config) {
    Map<String, BiConsumer<Builder, String>> setters = SETTERS;
    Builder builder = builder();
    for (Map.Entry<String, String> entry : config.entrySet()) {
      if (!entry.getKey().startsWith("server.")) {
        continue;
      }
      BiConsumer<Builder, String> setter = setters.get(entry.getKey());
      if (setter == null) {
        throw new IllegalArgumentException("unknown option " + entry.getKey());
      }
      try {
        setter.accept(builder, entry.getValue().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad value '" + entry.getValue() + "' for " + entry.getKey(), e);
      }
    }
    return builder.build();
  }

  /** Reads {@code --port=8001}-style arguments, each the key without its {@code server.} prefix. */
  public static LocalServerOptions fromArgs(String[] args) {
    Map<String, String> config = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
      }
      config.put("server." + arg.substring(2, equals), arg.substring(equals + 1));
    }
    return fromMap(config);
  }

  public int port() { return values.port; }
  public String modelName() { return values.modelName; }
  public int inferenceThreads() { return values.inferenceThreads; }
  public int maxQueuedRequests() { return values.maxQueuedRequests; }
  public int maxBeamWidth() { return values.maxBeamWidth; }
  public String catalogue() { return values.catalogue; }
  public String model() { return values.model; }
  public String modelKind() { return values.modelKind; }
  public String checkpoint() { return values.checkpoint; }
  public String catalogueVersion() { return values.catalogueVersion; }
  public float fusionWeight() { return values.fusionWeight; }
  public long prefixCacheBytes() { return values.prefixCacheBytes; }
  public String promptTemplate() { return values.promptTemplate; }
  public int fixtureIds() { return values.fixtureIds; }
  public int fixtureLevels() { return values.fixtureLevels; }
  public int fixtureCodes() { return values.fixtureCodes; }
  public long fixtureSeed() { return values.fixtureSeed; }

  /** Builder starting from the documented defaults. */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private String modelName = DEFAULT_MODEL_NAME;
    private int inferenceThreads = DEFAULT_INFERENCE_THREADS;
    private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
    private int maxBeamWidth = DEFAULT_MAX_BEAM_WIDTH;
    private String catalogue = DEFAULT_CATALOGUE;
    private String model = DEFAULT_MODEL;
    private String modelKind = DEFAULT_MODEL_KIND;
    private String checkpoint = DEFAULT_CHECKPOINT;
    private String catalogueVersion = DEFAULT_CATALOGUE_VERSION;
    private float fusionWeight = DEFAULT_FUSION_WEIGHT;
    private long prefixCacheBytes = DEFAULT_PREFIX_CACHE_BYTES;
    private String promptTemplate = DEFAULT_PROMPT_TEMPLATE;
    private int fixtureIds = DEFAULT_FIXTURE_IDS;
    private int fixtureLevels = DEFAULT_FIXTURE_LEVELS;
    private int fixtureCodes = DEFAULT_FIXTURE_CODES;
    private long fixtureSeed = DEFAULT_FIXTURE_SEED;

    private Builder() {}

    public Builder port(int value) { port = value; return this; }
    public Builder modelName(String value) { modelName = value; return this; }
    public Builder inferenceThreads(int value) { inferenceThreads = value; return this; }
    public Builder maxQueuedRequests(int value) { maxQueuedRequests = value; return this; }
    public Builder maxBeamWidth(int value) { maxBeamWidth = value; return this; }
    public Builder model(String value) { model = value; return this; }
    public Builder catalogue(String value) { catalogue = value; return this; }
    public Builder modelKind(String value) { modelKind = value; return this; }
    public Builder checkpoint(String value) { checkpoint = value; return this; }
    public Builder catalogueVersion(String value) { catalogueVersion = value; return this; }
    public Builder fusionWeight(float value) { fusionWeight = value; return this; }
    public Builder prefixCacheBytes(long value) { prefixCacheBytes = value; return this; }

    public LocalServerOptions build() {
      return new LocalServerOptions(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.port = port;
      copy.modelName = modelName;
      copy.inferenceThreads = inferenceThreads;
      copy.maxQueuedRequests = maxQueuedRequests;
      copy.maxBeamWidth = maxBeamWidth;
      copy.catalogue = catalogue;
      copy.model = model;
      copy.modelKind = modelKind;
      copy.checkpoint = checkpoint;
      copy.catalogueVersion = catalogueVersion;
      copy.fusionWeight = fusionWeight;
      copy.prefixCacheBytes = prefixCacheBytes;
      copy.promptTemplate = promptTemplate;
      copy.fixtureIds = fixtureIds;
      copy.fixtureLevels = fixtureLevels;
      copy.fixtureCodes = fixtureCodes;
      copy.fixtureSeed = fixtureSeed;
      return copy;
    }
  }
}
