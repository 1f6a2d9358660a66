package io.nearline.recall.inference;

import io.grpc.ChannelCredentials;
import io.nearline.recall.config.OptionValues;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Transport security of the channels to inference servers ({@code triton.tls.*} keys, declared in
 * {@link TritonOptions}): plaintext by
 * default, or TLS with an optional trust file and an optional client certificate for mutual TLS.
 */
public final class TlsOptions {

  private final boolean enabled;
  private final String trustCertFile;
  private final String certChainFile;
  private final String privateKeyFile;
  private final String authority;

  private TlsOptions(Builder b) {
    this.enabled = b.enabled;
    this.trustCertFile = b.trustCertFile;
    this.certChainFile = b.certChainFile;
    this.privateKeyFile = b.privateKeyFile;
    this.authority = b.authority;
    if (!enabled && !(trustCertFile.isEmpty() && certChainFile.isEmpty() && privateKeyFile.isEmpty())) {
      throw new IllegalArgumentException("TLS files are set but triton.tls.enabled is false");
    }
    if (certChainFile.isEmpty() != privateKeyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "triton.tls.cert-chain-file and triton.tls.private-key-file must be set together");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static TlsOptions plaintext() {
    return builder().build();
  }

  /** Reads the {@code triton.tls.*} keys; an unknown one is an error naming it. */
  static TlsOptions from(Map<String, String> config) {
    OptionValues v = OptionValues.of(config, TritonOptions.TLS, "triton.tls.");
    return builder().enabled(v.get(TritonOptions.TLS_ENABLED)).trustCertFile(v.get(TritonOptions.TLS_TRUST_CERT_FILE))
        .certChainFile(v.get(TritonOptions.TLS_CERT_CHAIN_FILE))
        .privateKeyFile(v.get(TritonOptions.TLS_PRIVATE_KEY_FILE)).authority(v.get(TritonOptions.TLS_AUTHORITY))
        .build();
  }

  /** The credentials every channel is opened with; reads the PEM files now so a bad path fails early. */
  public ChannelCredentials credentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (!trustCertFile.isEmpty()) {
        tls.trustManager(new File(trustCertFile));
      }
      if (!certChainFile.isEmpty()) {
        tls.keyManager(new File(certChainFile), new File(privateKeyFile));
      }
      return tls.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS files " + trustCertFile + ", " + certChainFile, e);
    }
  }

  public boolean enabled() { return enabled; }
  public String trustCertFile() { return trustCertFile; }
  public String certChainFile() { return certChainFile; }
  public String privateKeyFile() { return privateKeyFile; }
  public String authority() { return authority; }

  /** Builder starting from plaintext. */
  public static final class Builder {
    private boolean enabled = TritonOptions.TLS_ENABLED.defaultValue();
    private String trustCertFile = "";
    private String certChainFile = "";
    private String privateKeyFile = "";
    private String authority = "";

    private Builder() {}

    public Builder enabled(boolean value) { enabled = value; return this; }
    /** PEM CA certificates the server's certificate must chain to; empty trusts the JVM's roots. */
    public Builder trustCertFile(String path) { trustCertFile = path; return this; }
    /** PEM client certificate chain, for servers that require mutual TLS. */
    public Builder certChainFile(String path) { certChainFile = path; return this; }
    /** PKCS#8 PEM private key of the client certificate. */
    public Builder privateKeyFile(String path) { privateKeyFile = path; return this; }
    /** Host name the server certificate is checked against, when it differs from the target's. */
    public Builder authority(String value) { authority = value; return this; }

    public TlsOptions build() {
      return new TlsOptions(this);
    }
  }
}
