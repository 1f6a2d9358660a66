package io.nearline.recall.inference;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every tunable of the inference client, each with a documented default; build with
 * {@link #builder()} or from string keys with {@link #fromMap(Map)} (keys in the README table).
 * Fleet balancing and TLS keys live in {@link FleetOptions} and {@link TlsOptions}.
 */
public final class InferenceClientOptions {

  /** {@code triton.target}: host:port of Triton's gRPC endpoint (Triton listens on 8001 by default). */
  public static final String DEFAULT_TARGET = "localhost:8001";
  /**
   * {@code triton.model-name}: the model to call; "ensemble" is the TensorRT-LLM backend's
   * tokenizer + engine + detokenizer pipeline, and the local server serves the same name.
   */
  public static final String DEFAULT_MODEL_NAME = "ensemble";
  /** {@code triton.model-version}: empty lets the server pick its latest version. */
  public static final String DEFAULT_MODEL_VERSION = "";
  /** {@code triton.beam-width}: beams kept per decoding step. */
  public static final int DEFAULT_BEAM_WIDTH = 100;
  /** {@code triton.returned-sequences}: beams returned, at most the beam width. */
  public static final int DEFAULT_RETURNED_SEQUENCES = 100;
  /** {@code triton.max-tokens}: tokens generated; one per semantic-ID level (four levels). */
  public static final int DEFAULT_MAX_TOKENS = 4;
  /** {@code triton.deadline-ms}: time allowed for a call including retries. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(250);
  /** {@code triton.max-attempts}: attempts per call, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** {@code triton.initial-backoff-ms}: backoff before the first retry; doubles per retry. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(20);
  /** {@code triton.max-backoff-ms}: ceiling of the backoff. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(200);
  /** {@code triton.integer-datatype}: INT32 (current backends) or UINT32 (older ensembles). */
  public static final TensorDatatype DEFAULT_INTEGER_DATATYPE = TensorDatatype.INT32;
  /** {@code triton.send-returned-sequences}: send num_return_sequences (false for older ensembles). */
  public static final boolean DEFAULT_SEND_RETURNED_SEQUENCES = true;
  /** {@code triton.end-id} / {@code triton.pad-id}: token ids to send; -1 leaves them to the model. */
  public static final int DEFAULT_TOKEN_ID = -1;

  private final String target;
  private final String modelName;
  private final String modelVersion;
  private final int beamWidth;
  private final int returnedSequences;
  private final int maxTokens;
  private final Duration deadline;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final TensorDatatype integerDatatype;
  private final boolean sendReturnedSequences;
  private final int endId;
  private final int padId;
  private final FleetOptions fleet;
  private final TlsOptions tls;

  private InferenceClientOptions(Builder b) {
    this.target = Objects.requireNonNull(b.target, "target");
    this.modelName = Objects.requireNonNull(b.modelName, "modelName");
    this.modelVersion = Objects.requireNonNull(b.modelVersion, "modelVersion");
    this.beamWidth = b.beamWidth;
    this.returnedSequences = b.returnedSequences;
    this.maxTokens = b.maxTokens;
    this.deadline = b.deadline;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.integerDatatype = b.integerDatatype;
    this.sendReturnedSequences = b.sendReturnedSequences;
    this.endId = b.endId;
    this.padId = b.padId;
    this.fleet = Objects.requireNonNull(b.fleet, "fleet");
    this.tls = Objects.requireNonNull(b.tls, "tls");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("triton.max-attempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
    }
    if (integerDatatype != TensorDatatype.INT32 && integerDatatype != TensorDatatype.UINT32) {
      throw new IllegalArgumentException("triton.integer-datatype must be INT32 or UINT32");
    }
    newRequest("validation", "validation", "");
  }

  public static Builder builder() {
    return new Builder();
  }

  private static final OptionTable<Builder> TABLE = new OptionTable<Builder>()
      .add("triton.target", Builder::target)
      .add("triton.model-name", Builder::modelName)
      .add("triton.model-version", Builder::modelVersion)
      .add("triton.beam-width", (x, v) -> x.beamWidth(Integer.parseInt(v)))
      .add("triton.returned-sequences", (x, v) -> x.returnedSequences(Integer.parseInt(v)))
      .add("triton.max-tokens", (x, v) -> x.maxTokens(Integer.parseInt(v)))
      .add("triton.deadline-ms", (x, v) -> x.deadline(Duration.ofMillis(Long.parseLong(v))))
      .add("triton.max-attempts", (x, v) -> x.maxAttempts(Integer.parseInt(v)))
      .add("triton.initial-backoff-ms", (x, v) -> x.initialBackoff(Duration.ofMillis(Long.parseLong(v))))
      .add("triton.max-backoff-ms", (x, v) -> x.maxBackoff(Duration.ofMillis(Long.parseLong(v))))
      .add("triton.integer-datatype", (x, v) -> x.integerDatatype(TensorDatatype.fromWire(v)))
      .add("triton.send-returned-sequences", (x, v) -> x.sendReturnedSequences(OptionTable.parseBoolean(v)))
      .add("triton.end-id", (x, v) -> x.endId(Integer.parseInt(v)))
      .add("triton.pad-id", (x, v) -> x.padId(Integer.parseInt(v)));

  /** Every key {@link #fromMap} reads, fleet and TLS keys included, in README order. */
  public static Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>(TABLE.keys());
    keys.addAll(FleetOptions.keys());
    keys.addAll(TlsOptions.keys());
    return Collections.unmodifiableSet(keys);
  }

  /** Reads {@code triton.*} keys; unknown {@code triton.*} keys and malformed values are errors. */
  public static InferenceClientOptions fromMap(Map<String, String> config) {
    Builder b = builder();
    FleetOptions.Builder fleet = FleetOptions.builder();
    TlsOptions.Builder tls = TlsOptions.builder();
    for (Map.Entry<String, String> entry : config.entrySet()) {
      String key = entry.getKey();
      if (key.startsWith(FleetOptions.PREFIX)) {
        FleetOptions.apply(fleet, key, entry.getValue());
      } else if (key.startsWith(TlsOptions.PREFIX)) {
        TlsOptions.apply(tls, key, entry.getValue());
      } else if (key.startsWith("triton.")) {
        TABLE.apply(b, key, entry.getValue());
      }
    }
    return b.fleet(fleet.build()).tls(tls.build()).build();
  }

  /** A request carrying this client's default beam width, returned count, token count and deadline. */
  public RecallRequest newRequest(String requestId, String userId, String prompt) {
    return new RecallRequest(
        requestId, userId, prompt, beamWidth, returnedSequences, maxTokens, deadline);
  }

  public String target() { return target; }
  public String modelName() { return modelName; }
  public String modelVersion() { return modelVersion; }
  public int beamWidth() { return beamWidth; }
  public int returnedSequences() { return returnedSequences; }
  public int maxTokens() { return maxTokens; }
  public Duration deadline() { return deadline; }
  public int maxAttempts() { return maxAttempts; }
  public Duration initialBackoff() { return initialBackoff; }
  public Duration maxBackoff() { return maxBackoff; }
  public TensorDatatype integerDatatype() { return integerDatatype; }
  public boolean sendReturnedSequences() { return sendReturnedSequences; }
  public int endId() { return endId; }
  public int padId() { return padId; }
  public FleetOptions fleet() { return fleet; }
  public TlsOptions tls() { return tls; }

  /** Builder starting from the documented defaults. */
  public static final class Builder {
    private String target = DEFAULT_TARGET;
    private String modelName = DEFAULT_MODEL_NAME;
    private String modelVersion = DEFAULT_MODEL_VERSION;
    private int beamWidth = DEFAULT_BEAM_WIDTH;
    private int returnedSequences = DEFAULT_RETURNED_SEQUENCES;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private TensorDatatype integerDatatype = DEFAULT_INTEGER_DATATYPE;
    private boolean sendReturnedSequences = DEFAULT_SEND_RETURNED_SEQUENCES;
    private int endId = DEFAULT_TOKEN_ID;
    private int padId = DEFAULT_TOKEN_ID;
    private FleetOptions fleet = FleetOptions.builder().build();
    private TlsOptions tls = TlsOptions.plaintext();

    private Builder() {}

    public Builder target(String value) { target = value; return this; }
    public Builder target(String host, int port) { target = host + ":" + port; return this; }
    public Builder modelName(String value) { modelName = value; return this; }
    public Builder modelVersion(String value) { modelVersion = value; return this; }
    public Builder beamWidth(int value) { beamWidth = value; return this; }
    public Builder returnedSequences(int value) { returnedSequences = value; return this; }
    public Builder maxTokens(int value) { maxTokens = value; return this; }
    public Builder deadline(Duration value) { deadline = value; return this; }
    public Builder maxAttempts(int value) { maxAttempts = value; return this; }
    public Builder initialBackoff(Duration value) { initialBackoff = value; return this; }
    public Builder maxBackoff(Duration value) { maxBackoff = value; return this; }
    public Builder integerDatatype(TensorDatatype value) { integerDatatype = value; return this; }
    public Builder sendReturnedSequences(boolean value) { sendReturnedSequences = value; return this; }
    public Builder endId(int value) { endId = value; return this; }
    public Builder padId(int value) { padId = value; return this; }
    public Builder fleet(FleetOptions value) { fleet = value; return this; }
    public Builder tls(TlsOptions value) { tls = value; return this; }

    public InferenceClientOptions build() {
      return new InferenceClientOptions(this);
    }
  }
}
