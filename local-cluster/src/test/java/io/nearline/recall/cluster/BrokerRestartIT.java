package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker stopped mid-stream and started again on the same folder and ports a while later, on the cluster
 * of real processes: the producer's sends wait and retry, the job's sources reconnect (or the job restores from its
 * checkpoint and its offsets), and at the end every user's state holds exactly what the broker acknowledged, and no
 * recall in Redis went back in version or was lost.
 */
class BrokerRestartIT {

    private static final long EVENTS = 4000;
    private static final int RATE = 100;
    private static final Duration DOWN = Duration.ofSeconds(10);

    @Test
    @Timeout(600)
    void restartedBroker_jobResumesFromItsOffsets_nothingLost(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        try (FaultRun run = FaultRun.start(dir.resolve("cluster"), EVENTS, RATE)) {
            run.awaitMidStream(EVENTS / 3);
            long restartsBefore = run.restarts();
            long sentBefore = run.acknowledged();
            long stopped = System.nanoTime();
            assertTrue(run.cluster.process(LocalCluster.KAFKA).stop(Duration.ofSeconds(30)), "the broker ran");
            Thread.sleep(DOWN.toMillis());
            long sentWhileDown = run.acknowledged() - sentBefore;
            run.cluster.startKafka();
            double backAfter = FaultRun.secondsSince(stopped);
            long checkpointAtRestart = run.checkpoints().latestId();
            run.awaitCheckpointAfter(checkpointAtRestart);
            run.awaitJob("the job running", () -> run.cluster.rest().allTasksRunning(run.jobId));
            double checkpointed = FaultRun.secondsSince(stopped);

            run.awaitDrained();
            FaultRun.Figures figures = run.finish();
            System.out.println(figures.line("kafka broker restarted", String.format(Locale.ROOT,
                    "broker down %.1f s (%d behaviours acknowledged meanwhile), first checkpoint after it %.1f s after"
                            + " the stop, restarts during the outage %d; whole test %.0f s", backAfter, sentWhileDown,
                    checkpointed, figures.restarts() - restartsBefore, FaultRun.secondsSince(started))));

            figures.assertNothingLost(EVENTS);
        }
    }
}
