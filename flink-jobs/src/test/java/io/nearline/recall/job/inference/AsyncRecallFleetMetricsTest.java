package io.nearline.recall.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.server.CodeTrie;
import io.nearline.recall.server.FixtureSemanticIds;
import io.nearline.recall.server.FrequencyFixtureModel;
import io.nearline.recall.server.LocalInferenceServer;
import io.nearline.recall.server.LocalServerOptions;
import io.nearline.recall.server.SemanticIdTokens;
import io.nearline.recall.testing.Await;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async inference operator on a MiniCluster exports the fleet client's metrics as Flink gauges, with
 * the values real calls to the local inference server over gRPC produced: the source sends its requests,
 * then holds the job open until the gauges have been read.
 */
class AsyncRecallFleetMetricsTest {

    private static final int REQUESTS = 24;
    private static final List<int[]> IDS = FixtureSemanticIds.generate(2000, 4, 256, 42);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private LocalInferenceServer server;

    @BeforeEach
    void resetReporter() {
        CounterSnapshotReporter.reset();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callsThatSucceed_areExportedAsCallsSucceededLatencyAndPerServerGauges() throws Exception {
        server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).build(),
                new FrequencyFixtureModel(256, 42), CodeTrie.of(IDS));
        String target = "localhost:" + server.port();

        try (HeldOpenJob job = HeldOpenJob.start(target, "fleet-metrics-success")) {
            Await.until(() -> gauge("fleet.calls") == REQUESTS && gauge("fleet.succeeded") == REQUESTS
                            && gauge("fleet.in_flight") == 0,
                    () -> "every call to have succeeded, gauges now " + fleetGauges(target), WAIT, Duration.ofMillis(50));

            assertEquals(0, gauge("fleet.failed"));
            assertEquals(0, gauge("fleet.code.UNAVAILABLE.failures"));
            assertEquals(0, gauge("fleet.retries"));
            assertEquals(1, gauge("fleet.servers"));
            assertEquals(1, gauge("fleet.servers_serving"));
            assertEquals(1, gauge("fleet.server." + target + ".serving"));
            assertEquals(REQUESTS, gauge("fleet.server." + target + ".attempts"));
            assertEquals(0, gauge("fleet.server." + target + ".failures"));
            assertEquals(0, gauge("fleet.server." + target + ".in_flight"));
            double p50 = decimal("fleet.latency_p50_ms");
            double p99 = decimal("fleet.latency_p99_ms");
            double max = decimal("fleet.latency_max_ms");
            assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, "p50 " + p50 + " p99 " + p99 + " max " + max);
            assertEquals(REQUESTS, job.sink.collected().size(), "every request recalled");
        }
    }

    @Test
    void callsTheServerRefuses_areExportedAsFailuresByGrpcCode_andNotRetried() throws Exception {
        // a beam wider than the server takes is INVALID_ARGUMENT: the caller's fault, never retried
        server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).maxBeamWidth(5).build(),
                new FrequencyFixtureModel(256, 42), CodeTrie.of(IDS));
        String target = "localhost:" + server.port();

        try (HeldOpenJob job = HeldOpenJob.start(target, "fleet-metrics-refused")) {
            Await.until(() -> gauge("fleet.failed") == REQUESTS && gauge("fleet.in_flight") == 0,
                    () -> "every call to have failed, gauges now " + fleetGauges(target), WAIT, Duration.ofMillis(50));

            assertEquals(REQUESTS, gauge("fleet.calls"));
            assertEquals(0, gauge("fleet.succeeded"));
            assertEquals(REQUESTS, gauge("fleet.code.INVALID_ARGUMENT.failures"));
            assertEquals(0, gauge("fleet.retries"));
            assertEquals(0, gauge("fleet.retries_denied"));
            assertEquals(REQUESTS, gauge("fleet.server." + target + ".failures"));
            // a refused request is no server fault: the server stays in service
            assertEquals(1, gauge("fleet.servers_serving"));
            assertEquals(REQUESTS, CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED));
            assertTrue(job.sink.collected().isEmpty());
        }
    }

    @Test
    void withGrpcsOwnBalancing_theTotalsAreExportedTooAndNoServerOfItsOwn() throws Exception {
        server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).build(),
                new FrequencyFixtureModel(256, 42), CodeTrie.of(IDS));
        String target = "localhost:" + server.port();
        try (HeldOpenJob job = HeldOpenJob.start(target, "fleet-metrics-grpc",
                Map.of("triton.fleet.balancer", "grpc-round-robin"))) {
            Await.until(() -> gauge("fleet.succeeded") == REQUESTS && gauge("fleet.in_flight") == 0,
                    () -> "every call to have succeeded, gauges now " + fleetGauges(target), WAIT, Duration.ofMillis(50));
            assertEquals(REQUESTS, gauge("fleet.calls"));
            assertEquals(0, gauge("fleet.failed"));
            assertEquals(0, gauge("fleet.servers"), "the servers are gRPC's subchannels");
            assertEquals(-1, gauge("fleet.server." + target + ".attempts"), "no per-server gauges");
            assertTrue(decimal("fleet.latency_max_ms") > 0);
        }
    }

    @Test
    void theGaugesHaveTheNamesFlinksPrometheusReporterGivesThem() throws Exception {
        server = LocalInferenceServer.start(LocalServerOptions.builder().port(0).build(),
                new FrequencyFixtureModel(256, 42), CodeTrie.of(IDS));
        try (HeldOpenJob job = HeldOpenJob.start("localhost:" + server.port(), "fleet-metrics-names")) {
            Await.until(() -> gauge("fleet.calls") == REQUESTS, () -> "calls", WAIT, Duration.ofMillis(50));
            Set<String> registered = CounterSnapshotReporter.prometheusNames();
            for (String name : FleetGauges.prometheusNames()) {
                assertTrue(registered.contains(name), name + " is not among " + registered);
            }
        }
    }

    private static long gauge(String path) {
        List<Object> values = CounterSnapshotReporter.gaugeValues(path);
        return values.isEmpty() ? -1 : values.stream().mapToLong(value -> ((Number) value).longValue()).sum();
    }

    private static double decimal(String path) {
        List<Object> values = CounterSnapshotReporter.gaugeValues(path);
        assertEquals(1, values.size(), path);
        return ((Number) values.get(0)).doubleValue();
    }

    private static String fleetGauges(String target) {
        Map<String, Long> values = new HashMap<>();
        for (String name : List.of("calls", "succeeded", "failed", "in_flight", "retries", "servers_serving")) {
            values.put(name, gauge("fleet." + name));
        }
        values.put(target + ".attempts", gauge("fleet.server." + target + ".attempts"));
        return values.toString();
    }

    /** The job: requests from a source that holds it open, the async operator, a collecting sink. */
    private static final class HeldOpenJob implements AutoCloseable {

        final CollectingSink<GeneratedRecall> sink = new CollectingSink<>();
        private final String gate;
        private JobClient client;

        private HeldOpenJob(String gate) {
            this.gate = gate;
        }

        static HeldOpenJob start(String target, String name) throws Exception {
            return start(target, name, Map.of());
        }

        static HeldOpenJob start(String target, String name, Map<String, String> more) throws Exception {
            Map<String, String> settings = new HashMap<>();
            settings.put("metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName());
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(1, Configuration.fromMap(settings));
            Map<String, String> triton = new HashMap<>(Map.of("triton.target", target, "triton.beam-width", "10",
                    "triton.returned-sequences", "10", "triton.deadline", "20 s", "triton.max-attempts", "3"));
            triton.putAll(more);
            HeldOpenJob job = new HeldOpenJob(name);
            Gate.open(name);
            AsyncDataStream.unorderedWait(
                            env.fromCollection(new HeldOpenRequests(REQUESTS, name), TypeInformation.of(RecallRequest.class)),
                            new AsyncRecall(GenerativeRecallService.factory(triton), new TopTierReserve(8, 0)), 60,
                            TimeUnit.SECONDS, 8)
                    .sinkTo(job.sink);
            job.client = env.executeAsync(name);
            return job;
        }

        @Override
        public void close() throws Exception {
            Gate.release(gate);
            client.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        }
    }

    /** Latches by name, so that a source instance deserialised inside the MiniCluster finds its own. */
    private static final class Gate {
        private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

        static void open(String name) {
            LATCHES.put(name, new CountDownLatch(1));
        }

        static void release(String name) {
            LATCHES.get(name).countDown();
        }

        static void await(String name) {
            try {
                LATCHES.get(name).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code count} requests whose prompts name fixture IDs, then no end until the gate is released. */
    private static final class HeldOpenRequests implements Iterator<RecallRequest>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int count;
        private final String gate;
        private int sent;

        HeldOpenRequests(int count, String gate) {
            this.count = count;
            this.gate = gate;
        }

        @Override
        public boolean hasNext() {
            if (sent < count) {
                return true;
            }
            Gate.await(gate);
            return false;
        }

        @Override
        public RecallRequest next() {
            if (sent >= count) {
                throw new NoSuchElementException();
            }
            RecallRequest request = new RecallRequest();
            request.requestId = "r-" + sent;
            request.userId = "u-" + sent;
            List<String> recent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                recent.add(SemanticIdTokens.render(IDS.get((sent * 7 + i * 13) % IDS.size()), 4));
            }
            request.prompt = "recent items: " + String.join(" ", recent);
            sent++;
            return request;
        }
    }
}
