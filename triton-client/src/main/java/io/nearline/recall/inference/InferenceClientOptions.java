package io.nearline.recall.inference;

import io.nearline.recall.config.OptionValues;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every tunable of the inference client, each with a documented default ({@link TritonOptions}); build with
 * {@link #builder()} or from string keys with {@link #fromMap(Map)} (keys in the README table).
 * Fleet balancing and TLS settings live in {@link FleetOptions} and {@link TlsOptions}.
 */
public final class InferenceClientOptions {

  /** {@code triton.beam-width}: beams kept per decoding step. */
  public static final int DEFAULT_BEAM_WIDTH = TritonOptions.BEAM_WIDTH.defaultValue();

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
  private final String authToken;

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
    this.authToken = Objects.requireNonNull(b.authToken, "authToken").strip();
    if (!authToken.isEmpty() && !tls.enabled()) {
      throw new IllegalArgumentException("triton.auth-token needs triton.tls.enabled: "
          + "a bearer token must not cross the network in clear");
    }
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

  /** Every key {@link #fromMap} reads, fleet and TLS keys included, in README order. */
  public static Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    TritonOptions.ALL.forEach(option -> keys.add(option.key()));
    return Collections.unmodifiableSet(keys);
  }

  /**
   * Reads {@code triton.*} keys, and the {@code redis.*} connection the fleet's global counter uses; unknown
   * {@code triton.*} keys and malformed values are errors naming the key.
   */
  public static InferenceClientOptions fromMap(Map<String, String> config) {
    OptionValues v = OptionValues.of(config, TritonOptions.ALL, "triton.");
    TensorDatatype datatype;
    try {
      datatype = TensorDatatype.fromWire(v.get(TritonOptions.INTEGER_DATATYPE));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(TritonOptions.INTEGER_DATATYPE.key() + "="
          + v.get(TritonOptions.INTEGER_DATATYPE) + ": " + e.getMessage());
    }
    return builder().target(v.get(TritonOptions.TARGET)).modelName(v.get(TritonOptions.MODEL_NAME))
        .modelVersion(v.get(TritonOptions.MODEL_VERSION)).beamWidth(v.get(TritonOptions.BEAM_WIDTH))
        .returnedSequences(v.get(TritonOptions.RETURNED_SEQUENCES)).maxTokens(v.get(TritonOptions.MAX_TOKENS))
        .deadline(v.get(TritonOptions.DEADLINE)).maxAttempts(v.get(TritonOptions.MAX_ATTEMPTS))
        .initialBackoff(v.get(TritonOptions.INITIAL_BACKOFF)).maxBackoff(v.get(TritonOptions.MAX_BACKOFF))
        .integerDatatype(datatype).sendReturnedSequences(v.get(TritonOptions.SEND_RETURNED_SEQUENCES))
        .endId(v.get(TritonOptions.END_ID)).padId(v.get(TritonOptions.PAD_ID))
        .fleet(FleetOptions.from(config)).tls(TlsOptions.from(config)).authToken(v.get(TritonOptions.AUTH_TOKEN))
        .build();
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
  /** The bearer token every call carries; empty: none. Never in a log line or a message. */
  public String authToken() { return authToken; }

  /** Builder starting from the documented defaults. */
  public static final class Builder {
    private String target = TritonOptions.TARGET.defaultValue();
    private String modelName = TritonOptions.MODEL_NAME.defaultValue();
    private String modelVersion = TritonOptions.MODEL_VERSION.defaultValue();
    private int beamWidth = TritonOptions.BEAM_WIDTH.defaultValue();
    private int returnedSequences = TritonOptions.RETURNED_SEQUENCES.defaultValue();
    private int maxTokens = TritonOptions.MAX_TOKENS.defaultValue();
    private Duration deadline = TritonOptions.DEADLINE.defaultValue();
    private int maxAttempts = TritonOptions.MAX_ATTEMPTS.defaultValue();
    private Duration initialBackoff = TritonOptions.INITIAL_BACKOFF.defaultValue();
    private Duration maxBackoff = TritonOptions.MAX_BACKOFF.defaultValue();
    private TensorDatatype integerDatatype = TensorDatatype.fromWire(TritonOptions.INTEGER_DATATYPE.defaultValue());
    private boolean sendReturnedSequences = TritonOptions.SEND_RETURNED_SEQUENCES.defaultValue();
    private int endId = TritonOptions.END_ID.defaultValue();
    private int padId = TritonOptions.PAD_ID.defaultValue();
    private FleetOptions fleet = FleetOptions.builder().build();
    private TlsOptions tls = TlsOptions.plaintext();
    private String authToken = TritonOptions.AUTH_TOKEN.defaultValue();

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
    public Builder authToken(String value) { authToken = value; return this; }

    public InferenceClientOptions build() {
      return new InferenceClientOptions(this);
    }
  }
}
