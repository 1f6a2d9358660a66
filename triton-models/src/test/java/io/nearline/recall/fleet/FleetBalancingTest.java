package io.nearline.recall.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.FleetInferenceClient;
import io.nearline.recall.inference.FleetSnapshot;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Several client instances (the job's subtasks) over four local inference servers and one real
 * Redis: how evenly calls spread, and what happens when Redis is unreachable.
 */
class FleetBalancingTest {

    private static EmbeddedRedisServer redis;
    private static LocalFleet fleet;
    private final List<FleetInferenceClient> clients = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        redis = EmbeddedRedisServer.start();
        fleet = LocalFleet.start(4);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(FleetInferenceClient::close);
    }

    static Map<String, String> config(LocalFleet fleet, String balancer, int redisPort, String counterKey) {
        Map<String, String> config = new HashMap<>();
        config.put("triton.fleet.targets", fleet.targets());
        config.put("triton.fleet.balancer", balancer);
        config.put("redis.host", "127.0.0.1");
        config.put("redis.port", Integer.toString(redisPort));
        config.put("triton.fleet.redis-key", counterKey);
        config.put("triton.fleet.redis-timeout", "1000");
        config.put("triton.deadline", "20000");
        return config;
    }

    private List<FleetInferenceClient> instances(int count, Map<String, String> config) {
        for (int i = 0; i < count; i++) {
            clients.add(FleetInferenceClient.fromConfig(config));
        }
        return clients;
    }

    @Test
    void given4ServersAnd3InstancesSharingTheRedisCounter_when2000CallsRunConcurrently_thenEachServerGetsAnEqualShare(
            TestInfo test) throws Exception {
        List<FleetInferenceClient> instances =
                instances(3, config(fleet, "global-counter", redis.port(), test.getDisplayName()));
        long[] before = fleet.served();

        List<CompletableFuture<RecallInference>> calls = Load.run(instances, 2000, 96);

        Load.assertAllSucceeded(calls);
        Map<String, Long> perServer = fleet.difference(before, fleet.served());
        System.out.println("global-counter, 3 instances, 2000 calls, searches per server: " + perServer);
        long most = perServer.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long fewest = perServer.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertEquals(2000, perServer.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(most - fewest <= 0.05 * 2000 / 4, "spread " + fewest + ".." + most + " " + perServer);
        for (FleetInferenceClient instance : instances) {
            FleetSnapshot metrics = instance.metrics();
            assertEquals(0, metrics.counterFallbacks());
            assertEquals(0, metrics.retries());
            assertEquals(4, metrics.servingServers());
        }
    }

    @Test
    void given3InstancesBalancingByLeastOutstanding_when2000CallsRunConcurrently_thenEveryServerServesSome(
            TestInfo test) throws Exception {
        List<FleetInferenceClient> instances =
                instances(3, config(fleet, "least-outstanding", redis.port(), test.getDisplayName()));
        long[] before = fleet.served();

        List<CompletableFuture<RecallInference>> calls = Load.run(instances, 2000, 96);

        Load.assertAllSucceeded(calls);
        Map<String, Long> perServer = fleet.difference(before, fleet.served());
        System.out.println("least-outstanding, 3 instances, 2000 calls, searches per server: " + perServer);
        assertEquals(2000, perServer.values().stream().mapToLong(Long::longValue).sum());
        perServer.forEach((server, served) -> assertTrue(served > 0, server + " served none"));
    }

    @Test
    void givenRedisUnreachable_whenCallsRunInCounterMode_thenTheySucceedBalancedByLeastOutstandingAndEachIsCounted()
            throws Exception {
        List<FleetInferenceClient> instances = instances(2, config(fleet, "global-counter", EmbeddedRedisServer.freePort(), "none"));
        long[] before = fleet.served();

        List<CompletableFuture<RecallInference>> calls = Load.run(instances, 200, 32);

        Load.assertAllSucceeded(calls);
        assertEquals(200, instances.get(0).metrics().counterFallbacks() + instances.get(1).metrics().counterFallbacks());
        Map<String, Long> perServer = fleet.difference(before, fleet.served());
        perServer.forEach((server, served) -> assertTrue(served > 0, server + " served none: " + perServer));
    }
}
