package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobOptions;
import io.nearline.recall.tiering.RulesPublisher;
import io.nearline.recall.tiering.RulesText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint, a job upgrade and a restore, on the cluster of real processes, as ops would do them with Flink's
 * client: rules published to the control topic while the job runs, {@code flink stop --savepointPath}, then
 * {@code flink run -s SAVEPOINT} of a changed jar (another file, with a changed option) while {@code rules.initial}
 * still names the old rules. The restored job's state, read from a second savepoint, is the first one's, user by
 * user, and the rules in force are the published ones, not the initial ones.
 */
class SavepointUpgradeIT {

    private static final long EVENTS = 2000;
    private static final int RATE = 200;

    @Test
    @Timeout(600)
    void savepointThenUpgradedJar_restoresEveryUsersStateAndThePublishedRules(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        try (FaultRun run = FaultRun.start(dir.resolve("cluster"), EVENTS, RATE)) {
            String published = RulesText.load("builtin:input-change-rules.yaml");
            RulesPublisher.publish(published, run.cluster.kafkaAddress(), new Configuration().get(JobOptions.RULES_TOPIC));
            run.awaitDrained();
            String first = run.cluster.client().stopWithSavepoint(run.jobId);
            Map<String, UserStateReader.UserSequence> before = UserStateReader.read(first);
            assertEquals(published, UserStateReader.rulesInForce(first), "the published rules were in force");

            Path upgraded = upgradedJar(run.cluster, dir.resolve("flink-jobs-upgraded-job.jar"));
            long submitted = System.nanoTime();
            String restored = run.cluster.client().run(upgraded, run.cluster.options().parallelism(),
                    changedArguments(run.cluster.jobArguments()), first);
            assertNotEquals(run.jobId, restored);
            FaultRun.await("the upgraded job running", () -> run.cluster.rest().allTasksRunning(restored));
            double running = FaultRun.secondsSince(submitted);
            FlinkRest.Checkpoints restore = run.cluster.rest().checkpoints(restored);
            FaultRun.await("a checkpoint of the upgraded job",
                    () -> run.cluster.rest().checkpoints(restored).completed() >= 1);
            String second = run.cluster.client().stopWithSavepoint(restored);

            Map<String, UserStateReader.UserSequence> after = UserStateReader.read(second);
            String rulesAfter = UserStateReader.rulesInForce(second);
            FaultRun.Figures figures = run.figures(second, 0);
            System.out.println(figures.line("savepoint, upgraded jar, restore", String.format(Locale.ROOT,
                    "%d users' sequences before and after, equal: %s; rules in force after the restore: %s; upgraded"
                            + " job running %.1f s after flink run -s; whole test %.0f s", before.size(),
                    before.equals(after), rulesAfter.equals(published) ? "the published ones" : "NOT the published ones",
                    running, FaultRun.secondsSince(started))));

            assertTrue(restore.restoredFrom().contains(Path.of(first.replace("file:", "")).getFileName().toString()),
                    "restored from " + restore.restoredFrom());
            assertEquals(before, after, "every user's sequence carried over");
            assertEquals(published, rulesAfter, "the published rules carried over, not rules.initial");
            assertEquals(List.of(), figures.state().problems());
            assertEquals(EVENTS, figures.state().behavioursInState());
            assertEquals(List.of(), figures.backwards(), "no stored recall went back in version");
        }
    }

    /** The job jar as another file with one entry more: what a new build of the job hands to flink run. */
    private static Path upgradedJar(LocalCluster cluster, Path target) throws Exception {
        Files.copy(new ClusterCommands(cluster.options(), cluster.layout()).jobJar(), target);
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + target.toUri()), Map.of())) {
            Files.writeString(jar.getPath("META-INF", "nearline-upgrade.txt"), "upgraded by SavepointUpgradeIT\n",
                    StandardCharsets.UTF_8);
        }
        return target;
    }

    /** The job's arguments with one option changed, as an upgrade may change its settings. */
    private static List<String> changedArguments(List<String> arguments) {
        List<String> changed = new ArrayList<>(arguments);
        int capacity = changed.indexOf("--" + JobOptions.INFERENCE_CAPACITY.key());
        changed.set(capacity + 1, "8");
        return changed;
    }
}
