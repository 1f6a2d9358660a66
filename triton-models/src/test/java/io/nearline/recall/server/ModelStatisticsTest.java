package io.nearline.recall.server;

import static io.nearline.recall.server.LocalServerClientTest.options;
import static io.nearline.recall.server.LocalServerClientTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.inference.kserve.InferStatistics;
import io.nearline.recall.inference.kserve.ModelStatistics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Triton's ModelStatistics from the local server: what succeeded, failed, queued and searched, adding up. */
class ModelStatisticsTest {

    private static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(1000, 4, 16, 3));
    private static final GenerativeRecallModel MODEL = new FrequencyFixtureModel(16, 3);

    @Test
    void everyRequestIsCountedOnceAndItsTimeSplitsIntoQueueSearchAndTheRest() throws Exception {
        Duration latency = Duration.ofMillis(150);
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0)
                        .modelLatency(latency).build(), MODEL, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            for (int i = 0; i < 5; i++) {
                client.infer(request(client, "call-" + i)).get(10, TimeUnit.SECONDS);
            }
            ExecutionException refused = assertThrows(ExecutionException.class, () -> client.infer(
                    client.options().newRequest("too-wide", "u", "x").withBeams(5000, 10)).get(10, TimeUnit.SECONDS));
            assertEquals(Status.Code.INVALID_ARGUMENT, ((InferenceException) refused.getCause()).code());

            ModelStatistics statistics = client.statistics().get(10, TimeUnit.SECONDS);
            InferStatistics stats = statistics.getInferenceStats();
            assertEquals("ensemble", statistics.getName());
            assertEquals(MODEL.version(), statistics.getVersion());
            assertEquals(5, stats.getSuccess().getCount());
            assertEquals(5, statistics.getInferenceCount());
            assertEquals(1, stats.getFail().getCount());
            assertEquals(5, stats.getQueue().getCount(), "the refused request never reached the queue");
            assertEquals(5, stats.getComputeInfer().getCount());
            // each answer was held to the model latency after its arrival, and its queue and search lie inside it
            assertTrue(stats.getSuccess().getNs() >= 5 * latency.toNanos(), stats.toString());
            assertTrue(stats.getSuccess().getNs() >= stats.getQueue().getNs() + stats.getComputeInfer().getNs(),
                    stats.toString());
            assertTrue(statistics.getLastInference() > 0);
        }
    }

    @Test
    void anAnswerHeldPastTheCallersDeadlineCountsAsFailed() throws Exception {
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0)
                        .modelLatency(Duration.ofMillis(600)).build(), MODEL, TRIE);
                TritonGrpcClient impatient = TritonGrpcClient.connect(options(server.port())
                        .deadline(Duration.ofMillis(100)).maxAttempts(1).build());
                TritonGrpcClient reader = TritonGrpcClient.connect(options(server.port()).build())) {
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> impatient.infer(request(impatient, "late")).get(10, TimeUnit.SECONDS));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, assertInstanceOf(InferenceException.class, late.getCause()).code());
            InferStatistics stats = reader.statistics().get(10, TimeUnit.SECONDS).getInferenceStats();
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    stats.getFail().getCount() == 0 && System.nanoTime() < until; ) {
                Thread.sleep(50);
                stats = reader.statistics().get(10, TimeUnit.SECONDS).getInferenceStats();
            }
            assertEquals(1, stats.getFail().getCount(), stats.toString());
            assertEquals(0, stats.getSuccess().getCount(), stats.toString());
        }
    }

    @Test
    void anotherModelsStatisticsAreNotFound() throws Exception {
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).build(),
                MODEL, TRIE);
                TritonGrpcClient other = TritonGrpcClient.connect(options(server.port()).modelName("other").build())) {
            ExecutionException missing = assertThrows(ExecutionException.class,
                    () -> other.statistics().get(10, TimeUnit.SECONDS));
            assertEquals(Status.Code.NOT_FOUND, ((InferenceException) missing.getCause()).code());
        }
    }
}
