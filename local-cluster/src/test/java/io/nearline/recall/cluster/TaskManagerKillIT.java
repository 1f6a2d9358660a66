package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a TaskManager mid-stream, on the cluster of real processes: the JobManager notices it (the
 * heartbeat, or the surviving tasks' broken connections), the other TaskManager's slots take the whole job, which
 * restores from its last checkpoint; the launcher then starts a TaskManager again in the killed one's place. At the
 * end every user's sequence in the job's state (read from a savepoint) is compared with the producer's log: none
 * lost, none counted twice; no recall in Redis went back in version, none stored was lost.
 */
class TaskManagerKillIT {

    private static final long EVENTS = 4000;
    private static final int RATE = 100;

    @Test
    @Timeout(600)
    void killedTaskManager_jobRestoresFromItsLastCheckpoint_noBehaviourMissing_noRecallGoesBack(@TempDir Path dir)
            throws Exception {
        long started = System.nanoTime();
        try (FaultRun run = FaultRun.start(dir.resolve("cluster"), EVENTS, RATE)) {
            run.awaitMidStream(EVENTS / 3);
            long restartsBefore = run.restarts();
            long checkpointBefore = run.checkpoints().latestId();
            long killed = System.nanoTime();
            run.cluster.process(LocalCluster.taskManager(1)).kill();
            run.awaitRestarted(restartsBefore);
            double running = FaultRun.secondsSince(killed);
            String restarted = run.cluster.rest().diagnosis(run.jobId);
            long restoredFrom = run.checkpoints().latestId();
            run.awaitCheckpointAfter(restoredFrom);
            double checkpointed = FaultRun.secondsSince(killed);
            // the job may run again on the survivor's slots before the JobManager's heartbeat drops the killed one
            FaultRun.await("the killed TaskManager dropped", () -> run.cluster.rest().taskManagers().size() == 1);
            run.cluster.startTaskManager(1);
            FaultRun.await("the TaskManager started again", () -> run.cluster.rest().taskManagers().size() == 2);

            run.awaitDrained();
            FaultRun.Figures figures = run.finish();
            System.out.println(figures.line("taskmanager killed (kill -9)", String.format(Locale.ROOT,
                    "last checkpoint before the kill %d; every task running again after %.1f s, first checkpoint after"
                            + " the restore %.1f s after the kill; whole test %.0f s; once running again: %s",
                    checkpointBefore, running, checkpointed, FaultRun.secondsSince(started), restarted)));

            assertTrue(figures.restarts() > restartsBefore, "the job restarted");
            figures.assertNothingLost(EVENTS);
        }
    }
}
