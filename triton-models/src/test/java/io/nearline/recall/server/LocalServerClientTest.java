package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.RecallRequest;
import io.nearline.recall.inference.TritonGrpcClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the local server over real gRPC on loopback. */
class LocalServerClientTest {

    private static final List<int[]> IDS = FixtureSemanticIds.generate(10_000, 4, 256, 42);
    private static final CodeTrie TRIE = CodeTrie.of(IDS);
    private static final GenerativeRecallModel MODEL = new FrequencyFixtureModel(256, 42);
    private static final String PROMPT = "recent items: " + render(IDS.get(7)) + " " + render(IDS.get(99));

    private static LocalInferenceServer server;
    private static TritonGrpcClient client;

    @BeforeAll
    static void startServer() {
        server = LocalInferenceServer.start(0, MODEL, TRIE);
        client = TritonGrpcClient.connect(options(server.port()).build());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    static InferenceClientOptions.Builder options(int port) {
        return InferenceClientOptions.builder().target("localhost", port).deadline(Duration.ofSeconds(10));
    }

    @Test
    void serverAndModelReportReady() throws Exception {
        assertTrue(client.ready().get(10, TimeUnit.SECONDS));
        try (TritonGrpcClient other = TritonGrpcClient.connect(options(server.port()).modelName("other").build())) {
            assertFalse(other.ready().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void inferenceReturnsOnlyIdsInTheTrieWithTheRecentItemsFirst() throws Exception {
        RecallInference result = client.infer(client.options().newRequest("r-1", "u-1", PROMPT).withBeams(20, 10))
                .get(10, TimeUnit.SECONDS);

        assertEquals(10, result.beams().size());
        assertEquals("ensemble", result.modelName());
        assertEquals("1", result.modelVersion());
        assertEquals("u-1", result.userId());
        Set<String> catalogue = new HashSet<>(IDS.stream().map(LocalServerClientTest::render).toList());
        result.beams().forEach(beam -> assertTrue(catalogue.contains(beam.text()), beam.text()));
        assertEquals(Set.of(render(IDS.get(7)), render(IDS.get(99))),
                Set.of(result.beams().get(0).text(), result.beams().get(1).text()));
    }

    @Test
    void beamWidth300Returns300DistinctBeamsBestFirst() throws Exception {
        RecallInference result = client.infer(client.options().newRequest("r-2", "u-2", PROMPT).withBeams(300, 300))
                .get(10, TimeUnit.SECONDS);

        List<GeneratedBeam> beams = result.beams();
        assertEquals(300, beams.size());
        assertEquals(300, new HashSet<>(beams.stream().map(GeneratedBeam::text).toList()).size());
        for (int i = 1; i < beams.size(); i++) {
            assertTrue(beams.get(i - 1).cumLogProb() >= beams.get(i).cumLogProb(), "ordered at " + i);
        }
        assertTrue(beams.get(0).cumLogProb() <= 0f);
    }

    @Test
    void anUnknownModelIsNotFoundAndNotRetried() {
        try (TritonGrpcClient other = TritonGrpcClient.connect(options(server.port()).modelName("nope").build())) {
            InferenceException failure = failure(other.infer(other.options().newRequest("r-3", "u", PROMPT)));
            assertEquals(Status.Code.NOT_FOUND, failure.code());
            assertEquals(1, failure.attempts());
        }
    }

    @Test
    void aMalformedPromptIsAnInvalidArgument() {
        InferenceException failure = failure(client.infer(client.options().newRequest("r-4", "u", "<b_1><c_2>")));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure.code());
        assertTrue(failure.getMessage().contains("<b_1>"), failure.getMessage());
    }

    @Test
    void aBeamWiderThanTheServerAllowsIsAnInvalidArgument() {
        InferenceException failure = failure(client.infer(
                client.options().newRequest("r-5", "u", PROMPT).withBeams(5000, 10)));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure.code());
    }

    static InferenceException failure(CompletableFuture<RecallInference> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(InferenceException.class, e.getCause());
    }

    static String render(int[] id) {
        return SemanticIdTokens.render(id, id.length);
    }

    static RecallRequest request(TritonGrpcClient on, String id) {
        return on.options().newRequest(id, "u", PROMPT).withBeams(10, 10);
    }
}
