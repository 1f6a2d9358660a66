package io.nearline.recall.server;

import static io.nearline.recall.server.LocalServerClientTest.failure;
import static io.nearline.recall.server.LocalServerClientTest.options;
import static io.nearline.recall.server.LocalServerClientTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.TritonGrpcClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the client reports when the server is slow, gone, or comes back. */
class ServerFailureTest {

    private static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(1000, 4, 16, 3));
    private static final GenerativeRecallModel MODEL = new FrequencyFixtureModel(16, 3);

    @Test
    void aSearchOutlivingTheDeadlineIsReportedAsDeadlineExceeded() {
        CountDownLatch release = new CountDownLatch(1);
        GenerativeRecallModel stalled = gated(release);
        try (LocalInferenceServer server = LocalInferenceServer.start(0, stalled, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            InferenceException e = failure(client.infer(request(client, "slow").withDeadline(Duration.ofMillis(100))));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
            assertEquals(1, e.attempts());
            release.countDown();
        }
    }

    @Test
    void aKilledServerIsUnavailableAndServesAgainAfterARestartOnTheSamePort() throws Exception {
        LocalInferenceServer server = LocalInferenceServer.start(0, MODEL, TRIE);
        int port = server.port();
        List<Status.Code> retried = new CopyOnWriteArrayList<>();
        try (TritonGrpcClient client = TritonGrpcClient.connect(
                options(port).maxAttempts(3).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).build(),
                (id, attempt, code, backoff) -> retried.add(code))) {
            assertEquals(10, client.infer(request(client, "before")).get(10, TimeUnit.SECONDS).beams().size());

            server.close();
            InferenceException down = failure(client.infer(request(client, "down")));
            assertEquals(Status.Code.UNAVAILABLE, down.code());
            assertEquals(3, down.attempts());
            assertEquals(List.of(Status.Code.UNAVAILABLE, Status.Code.UNAVAILABLE), retried);

            server = LocalInferenceServer.start(port, MODEL, TRIE);
            assertEquals(10, client.infer(request(client, "after")).get(10, TimeUnit.SECONDS).beams().size());
        } finally {
            server.close();
        }
    }

    @Test
    void anUnavailableCallIsRetriedUntilTheServerComesUp() throws Exception {
        LocalInferenceServer probe = LocalInferenceServer.start(0, MODEL, TRIE);
        int port = probe.port();
        probe.close();
        CountDownLatch firstRetry = new CountDownLatch(1);
        LocalInferenceServer server = null;
        try (TritonGrpcClient client = TritonGrpcClient.connect(
                options(port).maxAttempts(50).initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(100)).build(),
                (id, attempt, code, backoff) -> firstRetry.countDown())) {
            CompletableFuture<RecallInference> call = client.infer(request(client, "early"));
            assertTrue(firstRetry.await(10, TimeUnit.SECONDS));
            server = LocalInferenceServer.start(port, MODEL, TRIE);

            RecallInference result = call.get(10, TimeUnit.SECONDS);
            assertEquals(10, result.beams().size());
            assertTrue(result.attempts() >= 2, "attempts " + result.attempts());
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aFullSearchQueueIsResourceExhaustedThenRetriedOnceItDrains() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LocalServerOptions oneAtATime = LocalServerOptions.builder().port(0).inferenceThreads(1).maxQueuedRequests(1).build();
        try (LocalInferenceServer server = LocalInferenceServer.start(oneAtATime, gated(release), TRIE);
                TritonGrpcClient noRetry = TritonGrpcClient.connect(options(server.port()).maxAttempts(1).build());
                TritonGrpcClient retrying = TritonGrpcClient.connect(options(server.port()).maxAttempts(50)
                        .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(50)).build(),
                        (id, attempt, code, backoff) -> release.countDown())) {
            List<CompletableFuture<RecallInference>> calls = List.of(noRetry.infer(request(noRetry, "1")),
                    noRetry.infer(request(noRetry, "2")), noRetry.infer(request(noRetry, "3")));
            InferenceException shed = failure(CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new))
                    .thenApply(RecallInference.class::cast));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, shed.code());

            RecallInference retried = retrying.infer(request(retrying, "4")).get(10, TimeUnit.SECONDS);
            assertTrue(retried.attempts() >= 2, "attempts " + retried.attempts());
            long served = calls.stream().filter(call -> !call.handle((r, e) -> e != null).join()).count();
            assertEquals(2, served);
        }
    }

    /** The fixture model, held at its first step until the latch opens. */
    private static GenerativeRecallModel gated(CountDownLatch release) {
        return new GenerativeRecallModel() {
            @Override public String name() { return "gated"; }
            @Override public String version() { return "1"; }
            @Override public float[][] nextCodeLogits(ModelContext c, int[][] p, int n, int position) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return MODEL.nextCodeLogits(c, p, n, position);
            }
        };
    }
}
