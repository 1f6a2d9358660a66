package io.nearline.recall.server;

import static io.nearline.recall.server.LocalServerClientTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.TritonGrpcClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The search queue: Triton's schedule-policy levels first, arrival order within a level, a bound for all. */
class SearchQueueTest {

    private static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(1000, 4, 16, 3));

    @Test
    void levelsComeFirstThenArrivalAndAMissingOrTooLowLevelWaitsAtTheLast() {
        SearchQueue queue = new SearchQueue(10, 2);
        List<String> ran = new ArrayList<>();
        queue.offer(queue.of(2, () -> ran.add("low-1")));
        queue.offer(queue.of(0, () -> ran.add("none")));
        queue.offer(queue.of(1, () -> ran.add("high-1")));
        queue.offer(queue.of(7, () -> ran.add("beyond")));
        queue.offer(queue.of(1, () -> ran.add("high-2")));
        for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
            next.run();
        }
        assertEquals(List.of("high-1", "high-2", "low-1", "none", "beyond"), ran);
    }

    @Test
    void aFullQueueRefusesEvenTheHighestLevel() {
        SearchQueue queue = new SearchQueue(2, 2);
        assertTrue(queue.offer(queue.of(2, () -> {})));
        assertTrue(queue.offer(queue.of(2, () -> {})));
        assertFalse(queue.offer(queue.of(1, () -> {})));
        assertEquals(0, queue.remainingCapacity());
        assertThrows(IllegalArgumentException.class, () -> queue.offer(() -> {}));
    }

    @Test
    void theServerSearchesTheTopTiersQueuedRequestsFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> searched = Collections.synchronizedList(new ArrayList<>());
        GenerativeRecallModel fixture = new FrequencyFixtureModel(16, 3);
        GenerativeRecallModel recording = new GenerativeRecallModel() {
            @Override
            public String name() {
                return fixture.name();
            }

            @Override
            public String version() {
                return fixture.version();
            }

            @Override
            public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
                if (position == 0) {
                    searched.add(context.prompt());
                    if (context.prompt().equals("blocker")) {
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
                return fixture.nextCodeLogits(context, prefixes, count, position);
            }
        };
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0)
                        .inferenceThreads(1).build(), recording, TRIE);
                TritonGrpcClient client = TritonGrpcClient.connect(options(server.port()).build())) {
            List<CompletableFuture<RecallInference>> calls = new ArrayList<>();
            calls.add(client.infer(client.options().newRequest("b", "u", "blocker").withBeams(10, 10)));
            awaitSize(searched, 1);
            for (int i = 0; i < 3; i++) {
                calls.add(client.infer(client.options().newRequest("l" + i, "u", "low-" + i).withBeams(10, 10).withPriority(2)));
            }
            calls.add(client.infer(client.options().newRequest("h", "u", "top").withBeams(10, 10).withPriority(1)));
            // all four must wait in the queue before the one thread is free again
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    server.queuedSearches() < 4 && System.nanoTime() < until; ) {
                Thread.sleep(10);
            }
            assertEquals(4, server.queuedSearches());
            release.countDown();
            for (CompletableFuture<RecallInference> call : calls) {
                assertEquals(10, call.get(20, TimeUnit.SECONDS).beams().size());
            }
        }
        // the lows were sent at once, so they may reach the server in any order; the top tier's came last and goes first
        assertEquals(List.of("blocker", "top"), searched.subList(0, 2));
        assertEquals(Set.of("low-0", "low-1", "low-2"), Set.copyOf(searched.subList(2, 5)));
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                list.size() < size && System.nanoTime() < until; ) {
            Thread.sleep(10);
        }
        assertEquals(size, list.size());
    }
}
