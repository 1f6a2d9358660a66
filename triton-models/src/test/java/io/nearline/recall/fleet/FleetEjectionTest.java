package io.nearline.recall.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.FleetInferenceClient;
import io.nearline.recall.inference.ServerHealth;
import io.nearline.recall.inference.ServerSnapshot;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server killed under a fleet of client instances: ejected, calls still served, readmitted on restart. */
class FleetEjectionTest {

    private static final int KILLED = 2;

    @Test
    void givenAKilledServer_thenItIsEjectedAndCallsSucceedOnTheOthers_andAfterItRestartsOnItsPortItIsReadmitted()
            throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(); LocalFleet fleet = LocalFleet.start(4)) {
            Map<String, String> config = FleetBalancingTest.config(fleet, "global-counter", redis.port(), "ejection");
            config.put("triton.fleet.health-interval", "100");
            config.put("triton.fleet.eject-after-failures", "2");
            config.put("triton.fleet.readmit-after-successes", "2");
            // Calls in flight to the server when it dies all retry at once; the default burst is for a
            // real fleet's share per server, this test's 32 in flight over 4 servers may need more.
            config.put("triton.fleet.retry-budget-burst", "50");
            try (FleetInferenceClient first = FleetInferenceClient.fromConfig(config);
                    FleetInferenceClient second = FleetInferenceClient.fromConfig(config)) {
                List<FleetInferenceClient> instances = List.of(first, second);
                Load.assertAllSucceeded(Load.run(instances, 80, 32));

                fleet.kill(KILLED);
                Load.assertAllSucceeded(Load.run(instances, 200, 32));
                for (FleetInferenceClient instance : instances) {
                    assertEquals(ServerHealth.State.EJECTED, killed(instance, fleet).health());
                }

                long[] attemptsAtEjection = instances.stream().mapToLong(c -> killed(c, fleet).attempts()).toArray();
                long[] before = fleet.served();
                Load.assertAllSucceeded(Load.run(instances, 300, 32));
                Map<String, Long> whileDown = fleet.difference(before, fleet.served());
                System.out.println("server " + fleet.target(KILLED) + " down, 300 calls, searches per server: " + whileDown);
                for (int i = 0; i < instances.size(); i++) {
                    assertEquals(attemptsAtEjection[i], killed(instances.get(i), fleet).attempts(), "no call reached it");
                }
                assertEquals(300, whileDown.values().stream().mapToLong(Long::longValue).sum());
                whileDown.forEach((server, served) -> assertTrue(
                        server.equals(fleet.target(KILLED)) || Math.abs(served - 100) <= 5, server + " served " + served));

                fleet.restart(KILLED);
                awaitReadmitted(instances, fleet, Duration.ofSeconds(10));
                before = fleet.served();
                Load.assertAllSucceeded(Load.run(instances, 400, 32));
                Map<String, Long> afterRestart = fleet.difference(before, fleet.served());
                System.out.println("after the restart, 400 calls, searches per server: " + afterRestart);
                afterRestart.forEach((server, served) -> assertTrue(Math.abs(served - 100) <= 5, server + " served " + served));
            }
        }
    }

    private static ServerSnapshot killed(FleetInferenceClient client, LocalFleet fleet) {
        return client.metrics().servers().stream()
                .filter(server -> server.target().equals(fleet.target(KILLED))).findFirst().orElseThrow();
    }

    private static void awaitReadmitted(List<FleetInferenceClient> instances, LocalFleet fleet, Duration limit)
            throws InterruptedException {
        long giveUp = System.nanoTime() + limit.toNanos();
        while (!instances.stream().allMatch(c -> killed(c, fleet).serving())) {
            assertTrue(System.nanoTime() < giveUp, "not readmitted within " + limit);
            Thread.sleep(20);  // probes run on their own schedule; nothing to wait on but the state
        }
    }
}
