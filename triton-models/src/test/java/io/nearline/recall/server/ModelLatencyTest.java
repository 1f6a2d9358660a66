package io.nearline.recall.server;

import static io.nearline.recall.server.LocalServerClientTest.options;
import static io.nearline.recall.server.LocalServerClientTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.TritonGrpcClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code server.model-latency}: answers held back as a slow model's would be, without taking a search thread. */
class ModelLatencyTest {

    private static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(1000, 4, 16, 3));
    private static final GenerativeRecallModel MODEL = new FrequencyFixtureModel(16, 3);

    @Test
    void anAnswerComesNoSoonerThanTheModelLatencyAndIsTheSameAnswer() throws Exception {
        RecallInference prompt;
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).build(),
                MODEL, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            prompt = client.infer(request(client, "fast")).get(10, TimeUnit.SECONDS);
        }
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0)
                        .modelLatency(Duration.ofMillis(400)).build(), MODEL, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            long start = System.nanoTime();
            RecallInference held = client.infer(request(client, "held")).get(10, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 400, "answered after " + tookMillis + " ms");
            assertEquals(prompt.beams(), held.beams());
        }
    }

    @Test
    void heldAnswersDoNotOccupyTheSearchThreadsOrTheQueue() throws Exception {
        // One search thread and one queue place: were the wait on a search thread, the third of these calls would
        // find both taken and be RESOURCE_EXHAUSTED.
        LocalServerOptions slow = LocalServerOptions.builder().port(0).inferenceThreads(1).maxQueuedRequests(1)
                .modelLatency(Duration.ofSeconds(2)).build();
        try (LocalInferenceServer server = LocalInferenceServer.start(slow, MODEL, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            client.infer(request(client, "warm-up")).get(10, TimeUnit.SECONDS);
            List<CompletableFuture<RecallInference>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(client.infer(request(client, "call-" + i)));
                Thread.sleep(150);
            }
            for (CompletableFuture<RecallInference> call : calls) {
                assertEquals(10, call.get(20, TimeUnit.SECONDS).beams().size());
            }
        }
    }

    @Test
    void theLatencyChangesWhileRunningAndANegativeOneIsRefused() throws Exception {
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).build(),
                MODEL, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            server.modelLatency(Duration.ofMillis(300));
            long start = System.nanoTime();
            client.infer(request(client, "slowed")).get(10, TimeUnit.SECONDS);
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
            assertThrows(IllegalArgumentException.class, () -> server.modelLatency(Duration.ofMillis(-1)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromArgs(new String[] {"--model-latency=-5 ms"}));
        assertTrue(e.getMessage().contains("model-latency"), e.getMessage());
    }
}
