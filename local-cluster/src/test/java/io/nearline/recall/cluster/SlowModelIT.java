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
 * and started again with each answer held back 400 ms instead of 40 ms, as a slower model's rollout would. Every
 * behaviour fires (four ARPU tiers, a budget that never binds), so the slow model cannot answer what is asked of
 * it: the inference operator's top-tier reserve sheds the lower tiers' requests, the top tier's are never shed,
 * the job keeps running without a restart, failures are counted by cause, and nothing is lost.
 */
class SlowModelIT {

    private static final long EVENTS = 6000;
    private static final int RATE = 150;
    private static final Duration MODEL = Duration.ofMillis(40);
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
            assertTrue(run.cluster.process(LocalCluster.INFERENCE).stop(Duration.ofSeconds(20)), "the server ran");
            run.cluster.startInferenceServer(SLOWER);
            long slowedAfter = run.acknowledged();
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
            long byCause = metrics.entrySet().stream().filter(entry -> entry.getKey().contains(FailureCounters.PREFIX))
                    .mapToLong(Map.Entry::getValue).sum();
            StringBuilder tiers = new StringBuilder();
            byTier.forEach((tier, counts) -> tiers.append(String.format(Locale.ROOT, "%s%s fired %d, shed by the"
                    + " budget %d, shed for the reserve %d (%.1f%%)", tiers.isEmpty() ? "" : "; ", tier, counts[0],
                    counts[1], counts[2], counts[0] == 0 ? 0 : 100.0 * counts[2] / counts[0])));
            System.out.println(figures.line("model 10x slower", String.format(Locale.ROOT, "model %d ms, then %d ms"
                            + " after %d behaviours; %s; inference succeeded %d, failed %d (by cause %d); whole test %.0f s",
                    MODEL.toMillis(), SLOWER.toMillis(), slowedAfter, tiers,
                    metric(metrics, JobMetrics.INFERENCE_SUCCEEDED), failed, byCause, FaultRun.secondsSince(started))));

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

    private static long metric(Map<String, Long> metrics, String name) {
        return metrics.getOrDefault(JobMetrics.GROUP + "." + name, 0L);
    }
}
