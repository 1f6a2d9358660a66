package io.nearline.recall.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to Redis ({@code redis.tls.*}): off, or on with an optional PEM trust file (the JVM's roots otherwise) and an
 * optional PEM client certificate with its PKCS#8 key for a server that asks for one ({@code tls-auth-clients}).
 * The server's name is checked against its certificate, as HTTPS checks it.
 */
public record RedisTls(boolean enabled, String trustCertFile, String certChainFile, String privateKeyFile)
        implements Serializable {

    private static final char[] IN_MEMORY = new char[0];

    public RedisTls {
        if (certChainFile.isEmpty() != privateKeyFile.isEmpty()) {
            throw new IllegalArgumentException(
                    "redis.tls.cert-chain-file and redis.tls.private-key-file must be set together");
        }
        if (!enabled && !(trustCertFile.isEmpty() && certChainFile.isEmpty())) {
            throw new IllegalArgumentException("redis.tls files are set but redis.tls.enabled is false");
        }
    }

    public static RedisTls plaintext() {
        return new RedisTls(false, "", "", "");
    }

    /** A socket factory trusting and presenting what the options name; read once per connection pool. */
    public SSLSocketFactory socketFactory() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustCertFile.isEmpty()) {
                trust.init((KeyStore) null);
            } else {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                int n = 0;
                for (Certificate certificate : certificates(trustCertFile)) {
                    anchors.setCertificateEntry("anchor-" + n++, certificate);
                }
                trust.init(anchors);
            }
            KeyManagerFactory keys = null;
            if (!certChainFile.isEmpty()) {
                KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
                identity.load(null, null);
                identity.setKeyEntry("client", privateKey(privateKeyFile), IN_MEMORY,
                        certificates(certChainFile).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the redis.tls files", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("redis.tls files do not hold a usable certificate and key: " + e.getMessage(), e);
        }
    }

    /** Checks the server's name against its certificate. */
    public SSLParameters parameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    private static Collection<? extends Certificate> certificates(String file) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
