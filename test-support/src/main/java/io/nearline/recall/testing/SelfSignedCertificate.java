package io.nearline.recall.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC certificate made by the JDK's keytool for a test, written as PEM files: the
 * certificate (also the trust anchor, being self-signed) and its PKCS#8 private key; and the PKCS#12 key store
 * keytool made, for servers that read one (a Kafka broker), under {@link #KEY_STORE_PASSWORD}.
 */
public record SelfSignedCertificate(Path certificate, Path privateKey, Path keyStore) {

    public static final String KEY_STORE_PASSWORD = "test-only";
    private static final char[] PASSWORD = KEY_STORE_PASSWORD.toCharArray();

    /** Generates a key pair and certificate for {@code commonName}, valid for the names in {@code san}. */
    public static SelfSignedCertificate generate(Path directory, String commonName, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = directory.resolve(commonName + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "key",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "SAN=" + san, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        Path certificate = directory.resolve(commonName + ".crt.pem");
        Path privateKey = directory.resolve(commonName + ".key.pem");
        Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate("key").getEncoded()));
        PrivateKey key = (PrivateKey) keyStore.getKey("key", PASSWORD);
        Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));  // getEncoded is PKCS#8
        return new SelfSignedCertificate(certificate, privateKey, store);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
