package io.nearline.recall.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.FleetClient;
import io.nearline.recall.inference.FleetSnapshot;
import io.nearline.recall.inference.GrpcBalancedClient;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.RecallRequest;
import io.nearline.recall.server.LocalInferenceServer;
import io.nearline.recall.server.LocalServerOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code triton.fleet.balancer=grpc-round-robin} over local inference servers on loopback: gRPC's round_robin
 * spreads calls, its retry policy hides a server that dies, and its outlier detection ejects a server that
 * fails its calls.
 */
class GrpcBalancingTest {

    private static Map<String, String> config(String targets) {
        Map<String, String> config = new HashMap<>();
        config.put("triton.fleet.targets", targets);
        config.put("triton.fleet.balancer", "grpc-round-robin");
        config.put("triton.deadline", "20 s");
        config.put("triton.max-attempts", "3");
        return config;
    }

    private static RecallRequest request(FleetClient client, int i) {
        return client.options().newRequest("c-" + i, "u-" + i, Load.PROMPT).withBeams(4, 4);
    }

    @Test
    void roundRobinSpreadsCallsOverEveryServer_andTheSnapshotCountsThem() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(3);
                FleetClient client = FleetClient.connect(InferenceClientOptions.fromMap(config(fleet.targets())))) {
            assertTrue(client instanceof GrpcBalancedClient);
            assertTrue(client.ready().get(20, TimeUnit.SECONDS));
            long[] before = fleet.served();
            for (int i = 0; i < 60; i++) {
                // one at a time: the spread is round_robin's, not that of the load
                assertEquals(4, client.infer(request(client, i)).get(20, TimeUnit.SECONDS).beams().size());
            }
            Map<String, Long> perServer = fleet.difference(before, fleet.served());
            System.out.println("grpc-round-robin, 60 sequential calls, searches per server: " + perServer);
            assertEquals(60, perServer.values().stream().mapToLong(Long::longValue).sum());
            perServer.forEach((server, searches) -> assertTrue(searches > 0, server + " served none: " + perServer));
            FleetSnapshot metrics = client.metrics();
            assertEquals(60, metrics.calls());
            assertEquals(60, metrics.succeeded());
            assertEquals(0, metrics.failed());
            assertEquals(60, metrics.latency().count());
            assertTrue(metrics.servers().isEmpty(), "the servers are gRPC's subchannels");
        }
    }

    @Test
    void aServerThatDies_costsNoCall() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(3);
                FleetClient client = FleetClient.connect(InferenceClientOptions.fromMap(config(fleet.targets())))) {
            for (int i = 0; i < 30; i++) {
                client.infer(request(client, i)).get(20, TimeUnit.SECONDS);
            }
            fleet.kill(1);
            long[] before = fleet.served();
            for (int i = 30; i < 90; i++) {
                assertEquals(4, client.infer(request(client, i)).get(20, TimeUnit.SECONDS).beams().size(),
                        "call " + i + " after the kill");
            }
            Map<String, Long> perServer = fleet.difference(before, fleet.served());
            assertEquals(0, perServer.get(fleet.target(1)));
            assertEquals(60, perServer.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(0, client.metrics().failed());
            System.out.println("grpc-round-robin, one of 3 killed: 60 calls, " + client.metrics().retries()
                    + " retried by gRPC's retry policy, " + perServer);
        }
    }

    @Test
    void aServerFailingItsCalls_isEjectedByOutlierDetection() throws Exception {
        // beams wider than it takes: every call this one gets is INVALID_ARGUMENT, which is never retried
        LocalServerOptions narrow = LocalServerOptions.builder().port(0).inferenceThreads(1).maxBeamWidth(2).build();
        try (LocalFleet fleet = LocalFleet.start(2);
                LocalInferenceServer failing = LocalInferenceServer.start(narrow, new CountingModel(LocalFleet.CODES),
                        LocalFleet.TRIE)) {
            Map<String, String> config = config(fleet.targets() + ",localhost:" + failing.port());
            config.put("triton.fleet.outlier-interval", "100 ms");
            config.put("triton.fleet.outlier-request-volume", "3");
            config.put("triton.fleet.outlier-ejection-time", "5 min");
            try (FleetClient client = FleetClient.connect(InferenceClientOptions.fromMap(config))) {
                int succeededInARow = 0;
                int calls = 0;
                while (succeededInARow < 30 && calls < 3000) {
                    try {
                        client.infer(request(client, calls++)).get(20, TimeUnit.SECONDS);
                        succeededInARow++;
                    } catch (ExecutionException refused) {
                        succeededInARow = 0;
                    }
                }
                FleetSnapshot metrics = client.metrics();
                System.out.println("grpc-round-robin, one of 3 failing: ejected after " + calls + " calls, "
                        + metrics.failuresByCode());
                assertEquals(30, succeededInARow, "round_robin still sends calls to the failing server");
                assertTrue(metrics.failuresByCode().getOrDefault(Status.Code.INVALID_ARGUMENT, 0L) > 0,
                        "the failing server had calls before it was ejected");
                assertEquals(metrics.failed(), (long) metrics.failuresByCode().get(Status.Code.INVALID_ARGUMENT));
            }
        }
    }
}
