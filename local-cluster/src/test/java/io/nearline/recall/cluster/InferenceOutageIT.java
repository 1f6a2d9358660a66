package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.inference.FailureCounters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference server killed ({@code kill -9}) mid-stream and started again on the same port a while later, on the
 * cluster of real processes: the job keeps running (no restart), the calls that fail meanwhile are counted by cause
 * and add up to the failures, calls succeed again once the server is back, and every user's state and every stored
 * recall are intact.
 */
class InferenceOutageIT {

    private static final long EVENTS = 4000;
    private static final int RATE = 100;
    private static final Duration DOWN = Duration.ofSeconds(15);
    private static final String INFERENCE_METRICS = JobMetrics.GROUP + ".inference_";
    private static final List<String> VERTICES = List.of("inference", "resolve-semantic-ids");

    @Test
    @Timeout(600)
    void killedInferenceServer_jobKeepsRunning_failuresCountedByCause_nothingLost(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        // rules that call at every user's first sight, so that calls are made all along the replay
        try (FaultRun run = FaultRun.start(dir.resolve("cluster"), EVENTS, RATE, "builtin:input-change-rules.yaml")) {
            run.awaitMidStream(EVENTS / 3);
            run.cluster.process(LocalCluster.INFERENCE).kill();
            Thread.sleep(DOWN.toMillis());
            long succeededWhileDown = inference(run).getOrDefault(INFERENCE_METRICS + "succeeded", 0L);
            run.cluster.startInferenceServer();
            run.awaitDrained();
            Map<String, Long> metrics = settled(run);
            long failed = metrics.getOrDefault(INFERENCE_METRICS + "failed", 0L);
            long succeeded = metrics.getOrDefault(INFERENCE_METRICS + "succeeded", 0L);
            long byCause = metrics.entrySet().stream().filter(metric -> metric.getKey().contains(FailureCounters.PREFIX))
                    .mapToLong(Map.Entry::getValue).sum();
            FaultRun.Figures figures = run.finish();
            System.out.println(figures.line("inference server killed", String.format(Locale.ROOT,
                    "server down %d s; inference succeeded %d (%d by the restart), failed %d, by cause %s; whole test"
                            + " %.0f s", DOWN.toSeconds(), succeeded, succeededWhileDown, failed, causes(metrics),
                    FaultRun.secondsSince(started))));

            assertEquals(0, figures.restarts(), "the job kept running");
            assertTrue(failed > 0, "calls failed while the server was away");
            assertEquals(failed, byCause, "the causes add up to the failures: " + metrics);
            assertTrue(succeeded > succeededWhileDown, "calls succeed again once the server is back");
            figures.assertNothingLost(EVENTS);
        }
    }

    private static Map<String, Long> settled(FaultRun run) throws Exception {
        return run.settledMetrics(VERTICES, INFERENCE_METRICS);
    }

    private static Map<String, Long> inference(FaultRun run) throws Exception {
        // the call's failures are counted where it is made, its successes (and answers naming nothing in delivery)
        // where its answer is resolved
        return run.cluster.rest().vertexMetricSums(run.jobId, VERTICES, INFERENCE_METRICS);
    }

    private static String causes(Map<String, Long> metrics) {
        StringBuilder text = new StringBuilder();
        metrics.forEach((name, value) -> {
            if (name.contains(FailureCounters.PREFIX)) {
                text.append(text.isEmpty() ? "" : ", ").append(name.substring(name.indexOf(FailureCounters.PREFIX)
                        + FailureCounters.PREFIX.length())).append(' ').append(value);
            }
        });
        return text.isEmpty() ? "none" : text.toString();
    }
}
