package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server's own transport security, end to end with the job's client: TLS, mutual TLS, and the bearer
 * token it checks on every call (certificates made by keytool for the test).
 */
class ServerAuthTest {

    private static final String TOKEN = "token-3f9c-not-for-logs";
    private static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(1000, 4, 16, 3));
    private static final GenerativeRecallModel MODEL = new FrequencyFixtureModel(16, 3);

    @TempDir
    static Path directory;
    private static SelfSignedCertificate server;
    private static SelfSignedCertificate client;
    private static Path tokenFile;

    @BeforeAll
    static void certificates() throws Exception {
        server = SelfSignedCertificate.generate(directory, "localhost", "dns:localhost");
        client = SelfSignedCertificate.generate(directory, "recall-job", "dns:recall-job");
        tokenFile = Files.writeString(directory.resolve("token"), TOKEN + "\n");
    }

    private static LocalServerOptions.Builder tls() {
        return LocalServerOptions.builder().port(0)
                .tls(server.certificate().toString(), server.privateKey().toString());
    }

    private static Map<String, String> client(int port, String token) {
        Map<String, String> config = new HashMap<>();
        config.put("triton.target", "localhost:" + port);
        config.put("triton.deadline", "10 s");
        config.put("triton.max-attempts", "1");
        config.put("triton.tls.enabled", "true");
        config.put("triton.tls.trust-cert-file", server.certificate().toString());
        if (token != null) {
            config.put("triton.auth-token", token);
        }
        return config;
    }

    private static int beams(Map<String, String> config) throws Exception {
        InferenceClientOptions options = InferenceClientOptions.fromMap(config);
        try (TritonGrpcClient connected = TritonGrpcClient.connect(options)) {
            return connected.infer(options.newRequest("r", "u", "prompt").withBeams(4, 4))
                    .get(20, TimeUnit.SECONDS).beams().size();
        }
    }

    private static InferenceException refused(Map<String, String> config) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> beams(config));
        return assertInstanceOf(InferenceException.class, e.getCause());
    }

    @Test
    void overTlsTheTrustingClientIsServedAndAPlaintextOneIsNot() throws Exception {
        try (LocalInferenceServer tlsServer = LocalInferenceServer.start(tls().build(), MODEL, TRIE)) {
            assertEquals(4, beams(client(tlsServer.port(), null)));
            Map<String, String> plaintext = client(tlsServer.port(), null);
            plaintext.put("triton.tls.enabled", "false");
            plaintext.remove("triton.tls.trust-cert-file");
            assertEquals(Status.Code.UNAVAILABLE, refused(plaintext).code());
        }
    }

    @Test
    void mutualTlsServesAClientWithItsCertificateAndRefusesOneWithout() throws Exception {
        try (LocalInferenceServer mutual = LocalInferenceServer.start(
                tls().tlsClientCaFile(client.certificate().toString()).build(), MODEL, TRIE)) {
            Map<String, String> withCertificate = client(mutual.port(), null);
            withCertificate.put("triton.tls.cert-chain-file", client.certificate().toString());
            withCertificate.put("triton.tls.private-key-file", client.privateKey().toString());
            assertEquals(4, beams(withCertificate));
            assertEquals(Status.Code.UNAVAILABLE, refused(client(mutual.port(), null)).code());
        }
    }

    @Test
    void everyCallMustCarryTheBearerTokenAndTheRefusalNeverEchoesIt() throws Exception {
        try (LocalInferenceServer guarded = LocalInferenceServer.start(
                tls().authTokenFile(tokenFile.toString()).build(), MODEL, TRIE)) {
            assertEquals(4, beams(client(guarded.port(), TOKEN)));
            InferenceException none = refused(client(guarded.port(), null));
            assertEquals(Status.Code.UNAUTHENTICATED, none.code());
            InferenceException wrong = refused(client(guarded.port(), "guessed-token"));
            assertEquals(Status.Code.UNAUTHENTICATED, wrong.code());
            assertFalse(String.valueOf(wrong.getMessage()).contains("guessed-token"), wrong.getMessage());
            assertFalse(String.valueOf(wrong.getMessage()).contains(TOKEN), wrong.getMessage());
            try (TritonGrpcClient health = TritonGrpcClient.connect(
                    InferenceClientOptions.fromMap(client(guarded.port(), null)))) {
                assertThrows(ExecutionException.class, () -> health.ready().get(20, TimeUnit.SECONDS),
                        "health checks need the token too");
            }
        }
    }

    @Test
    void aTokenIsRefusedWithoutTlsOnEitherSide() {
        IllegalArgumentException serverSide = assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.builder().authTokenFile(tokenFile.toString()).build());
        assertTrue(serverSide.getMessage().contains("server.tls-cert-chain-file"), serverSide.getMessage());
        Map<String, String> plaintext = new HashMap<>(Map.of("triton.target", "localhost:1", "triton.auth-token", TOKEN));
        IllegalArgumentException clientSide = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(plaintext));
        assertTrue(clientSide.getMessage().contains("triton.tls.enabled"), clientSide.getMessage());
        assertFalse(clientSide.getMessage().contains(TOKEN));
    }
}
