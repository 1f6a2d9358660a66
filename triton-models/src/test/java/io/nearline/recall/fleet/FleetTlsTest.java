package io.nearline.recall.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.nearline.recall.inference.FleetInferenceClient;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over TLS and mutual TLS, with certificates made by keytool for the test. The server
 * certificate names only {@code localhost}, so connecting to a resolved address must check it
 * against the DNS name.
 */
class FleetTlsTest {

    @TempDir
    static Path directory;
    private static SelfSignedCertificate server;
    private static SelfSignedCertificate client;
    private static SelfSignedCertificate stranger;
    private static LocalFleet fleet;
    private static TlsFront tls;
    private static TlsFront mutualTls;

    @BeforeAll
    static void start() throws Exception {
        server = SelfSignedCertificate.generate(directory, "localhost", "dns:localhost");
        client = SelfSignedCertificate.generate(directory, "recall-job", "dns:recall-job");
        stranger = SelfSignedCertificate.generate(directory, "stranger", "dns:localhost");
        fleet = LocalFleet.start(1);
        int upstream = Integer.parseInt(fleet.target(0).substring("localhost:".length()));
        tls = TlsFront.start(TlsServerCredentials.create(server.certificate().toFile(), server.privateKey().toFile()),
                upstream);
        mutualTls = TlsFront.start(TlsServerCredentials.newBuilder()
                .keyManager(server.certificate().toFile(), server.privateKey().toFile())
                .trustManager(client.certificate().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build(), upstream);
    }

    @AfterAll
    static void stop() throws Exception {
        mutualTls.close();
        tls.close();
        fleet.close();
    }

    private static Map<String, String> trusting(SelfSignedCertificate anchor, String targetKey, String target) {
        Map<String, String> config = new HashMap<>();
        config.put(targetKey, target);
        config.put("triton.deadline", "10000");
        config.put("triton.tls.enabled", "true");
        config.put("triton.tls.trust-cert-file", anchor.certificate().toString());
        return config;
    }

    @Test
    void aClientTrustingTheServerCertificateIsServedOverTls() {
        try (FleetInferenceClient fleetClient = FleetInferenceClient.fromConfig(
                trusting(server, "triton.fleet.targets", "localhost:" + tls.port()))) {
            assertEquals(4, fleetClient.infer(Load.request(fleetClient, "tls")).join().beams().size());
        }
    }

    @Test
    void serversFoundByDnsAreCheckedAgainstTheNameNotTheirAddresses() {
        try (FleetInferenceClient fleetClient = FleetInferenceClient.fromConfig(
                trusting(server, "triton.fleet.dns-name", "localhost:" + tls.port()))) {
            assertEquals(4, fleetClient.infer(Load.request(fleetClient, "dns-tls")).join().beams().size());
        }
    }

    @Test
    void aServerCertificateFromAnUntrustedIssuerIsRefused() {
        try (FleetInferenceClient fleetClient = FleetInferenceClient.fromConfig(
                trusting(stranger, "triton.fleet.targets", "localhost:" + tls.port()))) {
            assertEquals(Status.Code.UNAVAILABLE, failure(fleetClient, "untrusted").code());
        }
    }

    @Test
    void mutualTlsServesAClientPresentingItsCertificateAndRefusesOneWithout() {
        Map<String, String> withCertificate = trusting(server, "triton.fleet.targets", "localhost:" + mutualTls.port());
        withCertificate.put("triton.tls.cert-chain-file", client.certificate().toString());
        withCertificate.put("triton.tls.private-key-file", client.privateKey().toString());
        try (FleetInferenceClient fleetClient = FleetInferenceClient.fromConfig(withCertificate)) {
            assertEquals(4, fleetClient.infer(Load.request(fleetClient, "mtls")).join().beams().size());
        }
        try (FleetInferenceClient anonymous = FleetInferenceClient.fromConfig(
                trusting(server, "triton.fleet.targets", "localhost:" + mutualTls.port()))) {
            assertEquals(Status.Code.UNAVAILABLE, failure(anonymous, "anonymous").code());
        }
    }

    @Test
    void theSingleServerClientReadsTheSameTlsOptions() throws Exception {
        InferenceClientOptions options = InferenceClientOptions.fromMap(
                trusting(server, "triton.target", "localhost:" + tls.port()));
        try (TritonGrpcClient single = TritonGrpcClient.connect(options)) {
            assertEquals(4, single.infer(options.newRequest("single", "u", Load.PROMPT).withBeams(4, 4))
                    .join().beams().size());
        }
    }

    private static InferenceException failure(FleetInferenceClient fleetClient, String id) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> fleetClient.infer(Load.request(fleetClient, id)).join());
        return assertInstanceOf(InferenceException.class, e.getCause());
    }
}
