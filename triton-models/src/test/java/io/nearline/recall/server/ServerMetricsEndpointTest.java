package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.llm.TinyCheckpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server's Prometheus endpoint scraped over real HTTP after real gRPC requests: requests by
 * status code, their latency and beam widths, the model as an info metric, and the transformer's prefix
 * KV cache.
 */
class ServerMetricsEndpointTest {

    private static final List<int[]> IDS = FixtureSemanticIds.generate(2000, 4, 256, 42);
    private static final String PROMPT = "recent items: " + SemanticIdTokens.render(IDS.get(3), 4);

    @TempDir
    Path dir;

    @Test
    void requestsAnsweredAndRefused_areCountedByCode_withLatencyBeamWidthAndTheModelServed() throws Exception {
        LocalServerOptions options = LocalServerOptions.builder().port(0).metricsPort(0).maxBeamWidth(20).build();
        try (LocalInferenceServer server = LocalInferenceServer.start(options, new FrequencyFixtureModel(256, 42),
                        CodeTrie.of(IDS));
                TritonGrpcClient client = TritonGrpcClient.connect(LocalServerClientTest.options(server.port())
                        .maxAttempts(1).build())) {
            Map<String, Double> before = scrape(server.metricsPort());
            assertEquals(0.0, before.get(ServerMetrics.REQUESTS + "_total{code=\"OK\"}"), "OK is there from the start");

            for (int i = 0; i < 3; i++) {
                client.infer(client.options().newRequest("r-" + i, "u", PROMPT).withBeams(16, 8)).get(30, TimeUnit.SECONDS);
            }
            ExecutionException refused = assertThrows(ExecutionException.class, () -> client.infer(
                    client.options().newRequest("wide", "u", PROMPT).withBeams(40, 8)).get(30, TimeUnit.SECONDS));
            assertEquals(Status.Code.INVALID_ARGUMENT, ((InferenceException) refused.getCause()).code());
            client.ready().get(30, TimeUnit.SECONDS);  // health calls are not requests

            Map<String, Double> after = scrape(server.metricsPort());
            assertEquals(3.0, after.get(ServerMetrics.REQUESTS + "_total{code=\"OK\"}"));
            assertEquals(1.0, after.get(ServerMetrics.REQUESTS + "_total{code=\"INVALID_ARGUMENT\"}"));
            assertEquals(4.0, after.get(ServerMetrics.REQUEST_DURATION + "_count"));
            assertTrue(after.get(ServerMetrics.REQUEST_DURATION + "_sum") > 0);
            // only requests accepted for search have a beam width; 16 falls in the bucket up to 16
            assertEquals(3.0, after.get(ServerMetrics.BEAM_WIDTH + "_count"));
            assertEquals(48.0, after.get(ServerMetrics.BEAM_WIDTH + "_sum"));
            assertEquals(0.0, after.get(ServerMetrics.BEAM_WIDTH + "_bucket{le=\"8.0\"}"));
            assertEquals(3.0, after.get(ServerMetrics.BEAM_WIDTH + "_bucket{le=\"16.0\"}"));
            assertEquals(0.0, after.get(ServerMetrics.SEARCHES_QUEUED));
            assertEquals(1.0, after.get(ServerMetrics.MODEL + "_info{model=\"frequency-fixture\",model_name=\"ensemble\","
                    + "model_version=\"1\"}"), after.keySet().toString());
            assertFalse(after.keySet().stream().anyMatch(name -> name.startsWith(ServerMetrics.PREFIX_CACHE_HITS)),
                    "no cache, no cache metrics");
        }
    }

    @Test
    void theTransformersPrefixCache_isExportedAsHitsMissesAndBytes() throws Exception {
        StringBuilder text = new StringBuilder("# semantic-ids version=1 levels=3 codes=8 collision-codes=4 always-suffix=false\n");
        for (int[] id : TransformerRecallModelTest.ids(3)) {
            text.append(SemanticIdTokens.render(id, id.length)).append('\n');
        }
        Path catalogue = Files.writeString(dir.resolve("ids.txt"), text);
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        LocalServerOptions options = LocalServerOptions.builder().port(0).metricsPort(0).modelKind("transformer")
                .checkpoint(checkpoint.toString()).catalogue(catalogue.toString()).build();
        LocalServerMain.Served served = TransformerServing.served(options);
        List<String> prompts = TransformerRecallModelTest.replay();
        try (LocalInferenceServer server = LocalInferenceServer.start(options, served.model(), served.constraint());
                TritonGrpcClient client = TritonGrpcClient.connect(LocalServerClientTest.options(server.port()).build())) {
            for (String prompt : prompts) {
                client.infer(client.options().newRequest("r", "u", prompt).withBeams(10, 10)).get(30, TimeUnit.SECONDS);
            }
            Map<String, Double> metrics = scrape(server.metricsPort());
            // the replay shares one frozen prefix: the first prompt fills the cache, the rest hit it
            assertEquals(prompts.size() - 1.0, metrics.get(ServerMetrics.PREFIX_CACHE_HITS + "_total"));
            assertEquals(1.0, metrics.get(ServerMetrics.PREFIX_CACHE_MISSES + "_total"));
            assertEquals(1.0, metrics.get(ServerMetrics.PREFIX_CACHE_ENTRIES));
            assertTrue(metrics.get(ServerMetrics.PREFIX_CACHE_BYTES) > 0);
            assertEquals(0.0, metrics.get(ServerMetrics.PREFIX_CACHE_EVICTIONS + "_total"));
        }
    }

    @Test
    void everyExportedNameIsOneAScrapeShows() throws Exception {
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        StringBuilder text = new StringBuilder("# semantic-ids version=1 levels=3 codes=8 collision-codes=4 always-suffix=false\n");
        for (int[] id : TransformerRecallModelTest.ids(3)) {
            text.append(SemanticIdTokens.render(id, id.length)).append('\n');
        }
        Path catalogue = Files.writeString(dir.resolve("ids.txt"), text);
        LocalServerOptions options = LocalServerOptions.builder().port(0).metricsPort(0).modelKind("transformer")
                .checkpoint(checkpoint.toString()).catalogue(catalogue.toString()).build();
        LocalServerMain.Served served = TransformerServing.served(options);
        try (LocalInferenceServer server = LocalInferenceServer.start(options, served.model(), served.constraint())) {
            Map<String, Double> metrics = scrape(server.metricsPort());
            for (String name : ServerMetrics.exportedNames()) {
                assertTrue(metrics.keySet().stream().anyMatch(sample -> sample.equals(name) || sample.startsWith(name + "{")),
                        name + " not among " + metrics.keySet());
            }
        }
    }

    @Test
    void withoutAMetricsPortNoEndpointIsServed() {
        try (LocalInferenceServer server = LocalInferenceServer.start(0, new FrequencyFixtureModel(256, 42),
                CodeTrie.of(IDS))) {
            assertEquals(-1, server.metricsPort());
        }
    }

    /** Samples of the text exposition format, keyed by name and labels as written. */
    static Map<String, Double> scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
