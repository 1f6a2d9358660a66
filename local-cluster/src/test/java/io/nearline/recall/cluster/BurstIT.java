package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of ten times the steady rate for a minute, on the cluster of real processes: 1,500 behaviours at
 * 100/s, then 60,000 at 1,000/s, which end the replay. Sampled every two seconds meanwhile: each TaskManager's
 * heap, the budget gate's queue, the inference calls in flight and the job's lag behind its input. The job takes
 * the burst with backpressure, not failure (no restart), its memory stays within its bounds, and it catches up:
 * the time from the burst's last behaviour to the checkpoint that holds it is printed.
 */
class BurstIT {

    private static final long BEFORE = 1_500;
    private static final long BURST = 60_000;
    private static final int RATE = 100;
    private static final int BURST_RATE = 10 * RATE;
    private static final Duration SAMPLE = Duration.ofSeconds(2);

    @Test
    @Timeout(900)
    void tenTimesBurstForAMinute_boundedMemory_noRestart_catchesUp(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        try (FaultRun run = FaultRun.start(dir.resolve("cluster"), Map.of(
                ClusterOptions.EVENTS.key(), Long.toString(BEFORE + BURST),
                ClusterOptions.RATE.key(), Integer.toString(RATE),
                ClusterOptions.BURST_AFTER.key(), Long.toString(BEFORE),
                ClusterOptions.BURST_EVENTS.key(), Long.toString(BURST),
                ClusterOptions.BURST_RATE.key(), Integer.toString(BURST_RATE)));
             Admin admin = Admin.create(Map.of("bootstrap.servers", run.cluster.kafkaAddress()))) {
            Peaks peaks = new Peaks();
            ClusterProcess producer = run.cluster.process(LocalCluster.PRODUCER);
            while (!producer.awaitExit(SAMPLE)) {
                peaks.sample(run, admin);
            }
            long burstEnded = System.nanoTime();
            long heapMax = peaks.heapMax(run);
            while (FaultRun.lag(admin) > 0) {
                Thread.sleep(SAMPLE.toMillis() / 4);
                peaks.sample(run, admin);
                assertTrue(FaultRun.secondsSince(burstEnded) < FaultRun.WAIT.toSeconds(),
                        "the job caught up within " + FaultRun.WAIT);
            }
            double catchUp = FaultRun.secondsSince(burstEnded);
            Map<String, Long> metrics = run.settledMetrics(List.of("gpu-budget"), JobMetrics.GROUP + ".budget_");
            FaultRun.Figures figures = run.finish();
            System.out.println(figures.line("10x burst for a minute", String.format(Locale.ROOT, "%d behaviours at %d/s"
                            + " then %d at %d/s; peaks: heap %d MiB of %d MiB per TaskManager, budget queue %d, calls in"
                            + " flight %d, lag %d records; the job's offsets at the end %.1f s after the producer's"
                            + " last behaviour; budget admitted %d, shed %d; whole test %.0f s", BEFORE, RATE, BURST,
                    BURST_RATE, peaks.heap >> 20, heapMax >> 20, peaks.queued, peaks.inFlight, peaks.lag, catchUp,
                    metrics.getOrDefault(JobMetrics.GROUP + "." + JobMetrics.BUDGET_ADMITTED, 0L),
                    metrics.getOrDefault(JobMetrics.GROUP + "." + JobMetrics.BUDGET_SHED, 0L),
                    FaultRun.secondsSince(started))));

            assertEquals(0, figures.restarts(), "backpressure, not failure: the job never restarted");
            assertTrue(peaks.samples > 10, "the burst was sampled");
            assertTrue(peaks.heap > 0 && peaks.heap < heapMax, "each TaskManager's heap within its bound");
            assertTrue(peaks.queued <= 10_000, "the budget's queue within the rules' queueCapacity: " + peaks.queued);
            assertTrue(peaks.inFlight <= 2 * 16, "calls in flight within inference.max-in-flight per instance");
            figures.assertNothingLost(BEFORE + BURST);
        }
    }

    /** The highest values sampled. */
    private static final class Peaks {
        long heap;
        long queued;
        long inFlight;
        long lag;
        int samples;

        void sample(FaultRun run, Admin admin) throws Exception {
            FlinkRest rest = run.cluster.rest();
            for (String manager : rest.taskManagers()) {
                heap = Math.max(heap, rest.taskManagerMetric(manager, "Status.JVM.Memory.Heap.Used"));
            }
            Map<String, Long> gauges = rest.vertexMetricSums(run.jobId, List.of("gpu-budget", "inference"),
                    JobMetrics.GROUP + ".");
            queued = Math.max(queued, gauges.getOrDefault(JobMetrics.GROUP + ".budget_queued", 0L));
            inFlight = Math.max(inFlight, gauges.getOrDefault(JobMetrics.GROUP + ".fleet.in_flight", 0L));
            lag = Math.max(lag, FaultRun.lag(admin));
            samples++;
        }

        long heapMax(FaultRun run) throws Exception {
            FlinkRest rest = run.cluster.rest();
            long max = Long.MAX_VALUE;
            for (String manager : rest.taskManagers()) {
                max = Math.min(max, rest.taskManagerMetric(manager, "Status.JVM.Memory.Heap.Max"));
            }
            return max;
        }
    }
}
