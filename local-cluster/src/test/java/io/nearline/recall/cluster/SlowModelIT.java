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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model made ten times slower mid-stream, on the cluster of real processes: the inference server is stopped
 * and started again with each answer held back 50 ms instead of 5 ms, as a slower model's rollout would. Every
 * behaviour fires (four ARPU tiers, a budget that never binds): the fast model keeps up with that, the slow one
 * (two server threads: 40 answers/s for 150 behaviours/s) cannot. The inference operator's top-tier reserve then
 * sheds the lower tiers' requests and never the top tier's (its freshness: each answer is a recall reflecting the
 * behaviour that fired it); the job keeps running without a restart, failures are counted by cause, and nothing is lost. The shares answered are printed per tier for the
 * fast and the slow phase (the first read when the server is stopped, a metric interval late at most), not asserted:
 * the restart's gap fails every tier's requests alike, and in one run of three it left the top tier's slow-phase
 * share below a lower tier's.
 */
class SlowModelIT {

    private static final long EVENTS = 6000;
    private static final int RATE = 150;
    private static final Duration MODEL = Duration.ofMillis(5);
    private static final Duration SLOWER = MODEL.multipliedBy(10);
    private static final String TOP_TIER = "platinum";
    private static final List<String> TIERS = List.of("bronze", "silver", "gold", TOP_TIER);
    private static final List<String> VERTICES = List.of("user-sequence-and-trigger", "gpu-budget", "inference",
            "resolve-semantic-ids");

    @Test
    @Timeout(600)
    void tenTimesSlowerModel_lowerTiersShed_topTierNever_jobKeepsRunning(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        String rules = Path.of("src/test/resources/rules/every-behaviour-tiered-rules.yaml").toAbsolutePath().toString();
        try (FaultRun run = FaultRun.start(dir.resolve("cluster"), Map.of(ClusterOptions.EVENTS.key(),
                Long.toString(EVENTS), ClusterOptions.RATE.key(), Integer.toString(RATE), ClusterOptions.RULES.key(),
                rules, ClusterOptions.MODEL_LATENCY.key(), MODEL.toMillis() + " ms"))) {
            run.awaitMidStream(EVENTS / 3);
            Map<String, Long> fast = metricsNow(run);
            long stopAt = run.acknowledged();
            long stopping = System.nanoTime();
            assertTrue(run.cluster.process(LocalCluster.INFERENCE).stop(Duration.ofSeconds(20)), "the server ran");
            double stopSeconds = FaultRun.secondsSince(stopping);
            run.cluster.startInferenceServer(SLOWER);
            long slowedAfter = run.acknowledged();
            System.out.printf(Locale.ROOT, "[cluster-test] server stopped after %d behaviours in %.1f s, slow one"
                    + " answering after %d%n", stopAt, stopSeconds, slowedAfter);
            run.awaitDrained();
            Map<String, Long> metrics = run.settledMetrics(VERTICES, JobMetrics.GROUP + ".");
            FaultRun.Figures figures = run.finish();

            Map<String, long[]> byTier = new TreeMap<>();
            for (String tier : TIERS) {
                byTier.put(tier, new long[] {metric(metrics, "tier." + tier + ".triggers"),
                        metric(metrics, "tier." + tier + ".shed"),
                        metric(metrics, "tier." + tier + "." + JobMetrics.TIER_SHED_SATURATED)});
            }
            long shedSaturated = metric(metrics, JobMetrics.INFERENCE_SHED_SATURATED);
            long failed = metric(metrics, JobMetrics.INFERENCE_FAILED);
            Map<String, Long> causes = new TreeMap<>();
            metrics.forEach((key, value) -> {
                if (key.contains(FailureCounters.PREFIX) && value > 0) {
                    causes.put(key.substring(key.indexOf(FailureCounters.PREFIX) + FailureCounters.PREFIX.length()),
                            value);
                }
            });
            long byCause = causes.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder freshness = new StringBuilder();
            for (String tier : TIERS) {
                long[] before = answers(fast, tier);
                long[] all = answers(metrics, tier);
                long[] slow = {all[0] - before[0], all[1] - before[1], all[2] - before[2]};
                freshness.append(String.format(Locale.ROOT, "%s%s answered %s fast, %s slow", freshness.isEmpty()
                        ? "" : "; ", tier, share(before), share(slow)));
            }
            System.out.println("[cluster-test] model 10x slower, per tier (answered of fired, mean ms per answer): "
                    + freshness);
            StringBuilder tiers = new StringBuilder();
            byTier.forEach((tier, counts) -> tiers.append(String.format(Locale.ROOT, "%s%s fired %d, shed by the"
                    + " budget %d, shed for the reserve %d (%.1f%%)", tiers.isEmpty() ? "" : "; ", tier, counts[0],
                    counts[1], counts[2], counts[0] == 0 ? 0 : 100.0 * counts[2] / counts[0])));
            System.out.println(figures.line("model 10x slower", String.format(Locale.ROOT, "model %d ms, then %d ms"
                            + " after %d behaviours; %s; inference succeeded %d, failed %d (by cause %d: %s); whole test %.0f s",
                    MODEL.toMillis(), SLOWER.toMillis(), slowedAfter, tiers,
                    metric(metrics, JobMetrics.INFERENCE_SUCCEEDED), failed, byCause, causes,
                    FaultRun.secondsSince(started))));

            assertEquals(0, figures.restarts(), "the job kept running");
            assertTrue(byTier.get(TOP_TIER)[0] > 0, "the top tier fired: " + metrics);
            assertEquals(0, byTier.get(TOP_TIER)[2], "the top tier is never shed for the reserve");
            long lowerTiersShed = byTier.entrySet().stream().filter(entry -> !entry.getKey().equals(TOP_TIER))
                    .mapToLong(entry -> entry.getValue()[2]).sum();
            assertTrue(lowerTiersShed > 0, "the slower model shed lower tiers' requests: " + metrics);
            assertEquals(shedSaturated, lowerTiersShed, "the tiers' sheds add up to the total");
            assertEquals(failed, byCause, "the causes add up to the failures: " + metrics);
            figures.assertNothingLost(EVENTS);
        }
    }

    /** The metrics now; Flink's REST API lists a vertex's metrics only once its fetcher has run. */
    private static Map<String, Long> metricsNow(FaultRun run) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Map<String, Long>> now = new java.util.concurrent.atomic.AtomicReference<>();
        FaultRun.await("the tiers' metrics listed", () -> {
            now.set(run.cluster.rest().vertexMetricSums(run.jobId, VERTICES, JobMetrics.GROUP + "."));
            if (now.get().keySet().stream().anyMatch(key -> key.endsWith("." + JobMetrics.TIER_ANSWERED))) {
                return true;
            }
            Thread.sleep(1000);
            return false;
        });
        return now.get();
    }

    /** A tier's requests fired, answered by the model, and the milliseconds the answers took. */
    private static long[] answers(Map<String, Long> metrics, String tier) {
        return new long[] {metric(metrics, "tier." + tier + ".triggers"),
                metric(metrics, "tier." + tier + "." + JobMetrics.TIER_ANSWERED),
                metric(metrics, "tier." + tier + "." + JobMetrics.TIER_ANSWER_MILLIS)};
    }

    private static String share(long[] answers) {
        return String.format(Locale.ROOT, "%d of %d (%.0f%%, %s ms)", answers[1], answers[0],
                answers[0] == 0 ? 0 : 100.0 * answers[1] / answers[0],
                answers[1] == 0 ? "-" : String.format(Locale.ROOT, "%.0f", (double) answers[2] / answers[1]));
    }

    private static long metric(Map<String, Long> metrics, String name) {
        return metrics.getOrDefault(JobMetrics.GROUP + "." + name, 0L);
    }
}
