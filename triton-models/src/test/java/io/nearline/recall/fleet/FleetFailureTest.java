package io.nearline.recall.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.nearline.recall.inference.CircuitBreaker;
import io.nearline.recall.inference.FleetInferenceClient;
import io.nearline.recall.inference.FleetSnapshot;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.ServerHealth;
import io.nearline.recall.inference.ServerSnapshot;
import io.nearline.recall.server.LocalServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Retries, circuit breakers and the retry budget against local servers that die, fail or shed load. */
class FleetFailureTest {

    private static Map<String, String> config(LocalFleet fleet) {
        Map<String, String> config = new HashMap<>();
        config.put("triton.fleet.targets", fleet.targets());
        config.put("triton.deadline", "20000");
        return config;
    }

    @Test
    void givenAServerThatDiedUnnoticed_whenACallReachesIt_thenTheCallIsRetriedOnTheOtherAndTheDeadOneEjected()
            throws Exception {
        try (LocalFleet fleet = LocalFleet.start(2)) {
            Map<String, String> config = config(fleet);
            config.put("triton.fleet.health-interval", "600000");  // no probe notices the death in time
            try (FleetInferenceClient client = FleetInferenceClient.fromConfig(config)) {
                Load.assertAllSucceeded(Load.run(List.of(client), 4, 1));
                fleet.kill(0);

                int attempts = 0;
                for (int i = 0; i < 6; i++) {
                    RecallInference inference = client.infer(Load.request(client, "after-" + i)).join();
                    assertEquals(4, inference.beams().size());
                    attempts += inference.attempts();
                }

                assertEquals(7, attempts, "one call met the dead server, then every call went to the live one");
                FleetSnapshot metrics = client.metrics();
                assertEquals(1, metrics.retries());
                ServerSnapshot dead = server(client, fleet.target(0));
                assertEquals(ServerHealth.State.EJECTED, dead.health());
                assertEquals(1, dead.failures());
            }
        }
    }

    @Test
    void givenAFleetOfOneWhoseProbesAllTimeOut_thenCallsStillGoToIt_ratherThanFailingUnsent() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(1)) {
            Map<String, String> config = config(fleet);
            // a probe cannot answer within a nanosecond: the server is ejected as a busy one's probes eject it
            config.put("triton.fleet.health-timeout", "1 ns");
            config.put("triton.fleet.health-interval", "20 ms");
            try (FleetInferenceClient client = FleetInferenceClient.fromConfig(config)) {
                await(client, fleet.target(0), s -> s.health() == ServerHealth.State.EJECTED);
                for (int i = 0; i < 5; i++) {
                    assertEquals(4, client.infer(Load.request(client, "ejected-" + i)).join().beams().size());
                }
                assertEquals(ServerHealth.State.EJECTED, server(client, fleet.target(0)).health());
                assertEquals(5, fleet.served()[0], "every call reached the one server");
            }
        }
    }

    @Test
    void givenAServerThatPassesProbesButFailsCalls_thenItsCircuitOpens_andOneTrialAfterTheOpenPeriodClosesIt()
            throws Exception {
        try (LocalFleet fleet = LocalFleet.start(2)) {
            Map<String, String> config = config(fleet);
            config.put("triton.fleet.breaker-failures", "3");
            config.put("triton.fleet.breaker-open", "1000");
            config.put("triton.fleet.health-interval", "100");
            try (FleetInferenceClient client = FleetInferenceClient.fromConfig(config)) {
                String failing = fleet.target(1);
                fleet.model(1).failing(true);

                int internal = 0;
                for (int i = 0; i < 20; i++) {
                    try {
                        client.infer(Load.request(client, "broken-" + i)).join();
                    } catch (CompletionException e) {
                        assertEquals(Status.Code.INTERNAL, assertInstanceOf(InferenceException.class, e.getCause()).code());
                        internal++;
                    }
                }

                assertEquals(3, internal, "the circuit opened after three failures; the rest went to the healthy server");
                assertEquals(CircuitBreaker.State.OPEN, server(client, failing).circuit());
                assertEquals(ServerHealth.State.ADMITTED, server(client, failing).health(), "its probes still pass");
                assertEquals(3L, client.metrics().failuresByCode().get(Status.Code.INTERNAL));

                fleet.model(1).failing(false);
                await(client, failing, s -> s.circuit() == CircuitBreaker.State.HALF_OPEN);
                long servedBefore = fleet.served()[1];
                for (int i = 0; i < 20; i++) {
                    assertEquals(4, client.infer(Load.request(client, "mended-" + i)).join().beams().size());
                }
                assertEquals(CircuitBreaker.State.CLOSED, server(client, failing).circuit());
                assertTrue(fleet.served()[1] - servedBefore > 1, "the trial and later calls reached it");
            }
        }
    }

    @Test
    void givenEveryServerShedsLoad_thenRetriesStayWithinTheBudgetInsteadOfMultiplyingTheLoad() throws Exception {
        LocalServerOptions.Builder tiny = LocalServerOptions.builder().inferenceThreads(1).maxQueuedRequests(1);
        try (LocalFleet fleet = LocalFleet.start(2, tiny)) {
            CountDownLatch gate0 = fleet.model(0).closeGate();
            CountDownLatch gate1 = fleet.model(1).closeGate();
            Map<String, String> config = config(fleet);
            config.put("triton.max-attempts", "5");
            config.put("triton.initial-backoff", "1");
            config.put("triton.max-backoff", "2");
            config.put("triton.fleet.retry-budget-ratio", "0.1");
            config.put("triton.fleet.retry-budget-burst", "2");
            config.put("triton.fleet.breaker-failures", "1000");  // this test is about the budget alone
            try (FleetInferenceClient client = FleetInferenceClient.fromConfig(config)) {
                List<CompletableFuture<RecallInference>> calls = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    calls.add(client.infer(Load.request(client, "shed-" + i)));
                }
                // each server runs one search and queues one: 4 calls held at the gates, 36 shed
                long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                // a call's future is done before the client's own counters have taken it: wait for both
                while (calls.stream().filter(CompletableFuture::isDone).count() < 36
                        || client.metrics().failed() < 36) {
                    assertTrue(System.nanoTime() < giveUp, "shed calls did not fail in time");
                    Thread.sleep(10);
                }

                FleetSnapshot metrics = client.metrics();
                long attempts = metrics.servers().stream().mapToLong(ServerSnapshot::attempts).sum();
                System.out.println("40 calls, every server shedding: " + attempts + " attempts, " + metrics.retries()
                        + " retries, " + metrics.retriesDeniedByBudget() + " denied by the budget (max-attempts 5 would allow "
                        + (40 + 36 * 4) + " attempts)");
                assertEquals(36L, metrics.failuresByCode().get(Status.Code.RESOURCE_EXHAUSTED), metrics.failuresByCode().toString());
                assertEquals(40 + metrics.retries(), attempts);
                assertTrue(metrics.retries() <= 2 + 4, "burst 2 + a tenth of 40 calls, got " + metrics.retries());
                assertTrue(metrics.retriesDeniedByBudget() > 0);

                gate0.countDown();
                gate1.countDown();
                long served = calls.stream().filter(call -> !call.isCompletedExceptionally())
                        .map(CompletableFuture::join).filter(inference -> inference.beams().size() == 4).count();
                assertEquals(4, served);
            } finally {
                gate0.countDown();
                gate1.countDown();
            }
        }
    }

    static ServerSnapshot server(FleetInferenceClient client, String target) {
        return client.metrics().servers().stream().filter(s -> s.target().equals(target)).findFirst().orElseThrow();
    }

    private static void await(FleetInferenceClient client, String target, Predicate<ServerSnapshot> condition)
            throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(server(client, target))) {
            assertTrue(System.nanoTime() < giveUp, "condition not reached for " + target);
            Thread.sleep(20);  // the state changes with time alone; nothing to wait on
        }
    }
}
