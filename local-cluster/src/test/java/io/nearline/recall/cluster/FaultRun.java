package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.cache.FallbackRecalls;
import io.nearline.recall.cache.RecallKeys;
import io.nearline.recall.cache.RecallLayout;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.testing.RecallVersionWatch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One fault test's run on a cluster of its own: the cluster up with a bounded replay, a watch on every stored
 * recall's version, the waits a fault needs (a checkpoint, the recovery, the drain), and the end: a savepoint
 * through Flink's client whose user state is compared with the producer's log of acknowledged behaviours.
 */
final class FaultRun implements AutoCloseable {

    /** What a fault test prints and asserts. */
    record Figures(UserStateCheck state, int recallsExpected, int recallsFound, List<String> recallsLost,
                   List<String> backwards, long restarts) {
        String line(String fault, String recovery) {
            return String.format(Locale.ROOT, "[fault] %s: behaviours in %d (%d users), in state %d (%d users), lost %d,"
                            + " doubled %d; recalls expected %d, found %d, lost %d, versions backwards %d; job restarts %d;"
                            + " %s", fault, state.behavioursSent(), state.usersSent(), state.behavioursInState(),
                    state.usersInState(), state.lost(), state.doubled(), recallsExpected, recallsFound,
                    recallsLost.size(), backwards.size(), restarts, recovery);
        }

        /** What every fault test shows: each of the {@code sent} behaviours once in its user's state, no recall lost. */
        void assertNothingLost(long sent) {
            assertEquals(List.of(), state.problems(), "every user's state holds what was sent");
            assertEquals(0, state.lost());
            assertEquals(0, state.doubled());
            assertEquals(sent, state.behavioursSent(), "the producer's whole replay was acknowledged");
            assertEquals(state.behavioursSent(), state.behavioursInState());
            assertTrue(recallsExpected > 0, "recalls were stored");
            assertEquals(List.of(), recallsLost, "no stored recall lost");
            assertEquals(List.of(), backwards, "no stored recall went back in version");
        }
    }

    static final Duration WAIT = Duration.ofMinutes(3);

    final LocalCluster cluster;
    final String jobId;
    private final RecallVersionWatch watch;
    /** Stops the cluster if the test JVM is ended before {@link #close()} (a fork killed at its timeout). */
    private final Thread downAtExit;

    private FaultRun(LocalCluster cluster, String jobId, RecallVersionWatch watch) {
        this.cluster = cluster;
        this.jobId = jobId;
        this.watch = watch;
        this.downAtExit = new Thread(() -> {
            try {
                cluster.down();
            } catch (InterruptedException | RuntimeException e) {
                // the JVM is going; nothing more to do
            }
        }, "cluster-down-at-exit");
        Runtime.getRuntime().addShutdownHook(downAtExit);
    }

    static FaultRun start(Path dir, long events, int rate) throws IOException, InterruptedException {
        return start(dir, events, rate, ClusterOptions.RULES.defaultValue());
    }

    /** As {@link #start(Path, long, int)}, the job starting with {@code rules}. */
    static FaultRun start(Path dir, long events, int rate, String rules) throws IOException, InterruptedException {
        return start(dir, Map.of(ClusterOptions.EVENTS.key(), Long.toString(events),
                ClusterOptions.RATE.key(), Integer.toString(rate), ClusterOptions.RULES.key(), rules));
    }

    /** A cluster of {@code cluster.*} options, the rest at their defaults, in {@code dir}. */
    static FaultRun start(Path dir, Map<String, String> options) throws IOException, InterruptedException {
        Map<String, String> settings = new HashMap<>(options);
        // tests run in the module's folder; the built project is its parent
        settings.put(ClusterOptions.PROJECT_DIR.key(), "..");
        LocalCluster cluster = new LocalCluster(ClusterOptions.fromMap(settings).withDir(dir), System.out);
        try {
            String jobId = cluster.up();
            RecallVersionWatch watch = new RecallVersionWatch("127.0.0.1",
                    cluster.status().port(ClusterStatus.REDIS_PORT), RecallKeys.DEFAULT_PREFIX + "*",
                    RecallLayout::version).start();
            return new FaultRun(cluster, jobId, watch);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.down();
            throw e;
        }
    }

    /** Waits for a completed checkpoint and for {@code behaviours} acknowledged: the moment for a fault. */
    void awaitMidStream(long behaviours) throws Exception {
        awaitJob("a checkpoint and " + behaviours + " behaviours sent", () -> checkpoints().completed() >= 1
                && acknowledged() >= behaviours);
    }

    FlinkRest.Checkpoints checkpoints() throws IOException {
        return cluster.rest().checkpoints(jobId);
    }

    long restarts() throws IOException {
        return cluster.rest().jobMetric(jobId, "numRestarts");
    }

    long acknowledged() throws IOException {
        return AcknowledgedBehaviours.count(cluster.layout().acknowledged());
    }

    /** Waits until the job runs every task again after a restart counted past {@code restartsBefore}. */
    void awaitRestarted(long restartsBefore) throws Exception {
        awaitJob("the job restarted and running", () -> restarts() > restartsBefore
                && cluster.rest().allTasksRunning(jobId));
    }

    /** Waits until a checkpoint newer than {@code checkpointId} has completed. */
    void awaitCheckpointAfter(long checkpointId) throws Exception {
        awaitJob("a checkpoint after " + checkpointId, () -> checkpoints().latestId() > checkpointId);
    }

    /**
     * Waits until the producer has sent its whole replay and the job has checkpointed past the end of every input
     * partition (its committed offsets, which the Kafka source commits when a checkpoint completes, are the ends).
     */
    void awaitDrained() throws Exception {
        if (!cluster.process(LocalCluster.PRODUCER).awaitExit(WAIT)) {
            throw new IllegalStateException("the producer did not finish within " + WAIT);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaAddress()))) {
            awaitJob("the job's offsets at the end of its input", () -> drained(admin));
        }
    }

    private boolean drained(Admin admin) throws InterruptedException, ExecutionException {
        return lag(admin) == 0;
    }

    /**
     * Records of the job's input past its committed offsets (which move when a checkpoint completes, so a job that
     * keeps up lags by up to a checkpoint interval of input).
     */
    static long lag(Admin admin) throws InterruptedException, ExecutionException {
        Configuration defaults = new Configuration();
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(defaults.get(JobOptions.KAFKA_GROUP_ID)).partitionsToOffsetAndMetadata().get();
        Set<String> topics = Set.of(defaults.get(JobOptions.BEHAVIOUR_TOPIC), defaults.get(JobOptions.PROFILE_TOPIC));
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                .forEach(partition -> ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
        long lag = 0;
        for (var end : admin.listOffsets(ends).all().get().entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (offset == null ? 0 : offset.offset()));
        }
        return lag;
    }

    /** Stops the job with a savepoint and compares its user state and the stored recalls with what was sent. */
    Figures finish() throws Exception {
        long restarts = restarts();
        String savepoint = cluster.client().stopWithSavepoint(jobId);
        return figures(savepoint, restarts);
    }

    /** The figures of a savepoint taken by the caller, after {@code restarts} restarts. */
    Figures figures(String savepoint, long restarts) throws Exception {
        watch.stop();
        Map<String, UserStateReader.UserSequence> state = UserStateReader.read(savepoint);
        UserStateCheck check = UserStateCheck.of(AcknowledgedBehaviours.read(cluster.layout().acknowledged()), state,
                new Configuration().get(JobOptions.MAX_SEQUENCE_LENGTH));
        Set<String> expected = userRecalls(watch.everSeen());
        Set<String> found = userRecalls(watch.current().keySet());
        List<String> lost = expected.stream().filter(key -> !found.contains(key)).sorted().toList();
        return new Figures(check, expected.size(), found.size(), lost, watch.backwards(), restarts);
    }

    private static Set<String> userRecalls(Set<String> keys) {
        return keys.stream().filter(key -> !key.startsWith(RecallKeys.DEFAULT_PREFIX + FallbackRecalls.ID_PREFIX))
                .collect(Collectors.toSet());
    }

    /**
     * The job's metrics under {@code part} (summed over the subtasks of the vertices named) once they stop moving:
     * requests held back are still sent after the input is drained, and the JobManager's copy of the metrics is
     * refreshed every 10 s (metrics.fetcher.update-interval), so two reads 12 s apart must agree.
     */
    Map<String, Long> settledMetrics(List<String> vertices, String part) throws Exception {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(cluster.rest().vertexMetricSums(jobId,
                vertices, part));
        await("the metrics settled", () -> {
            Thread.sleep(12_000);
            Map<String, Long> now = cluster.rest().vertexMetricSums(jobId, vertices, part);
            return now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    /** A condition that may throw while a server is away (then it is not met yet). */
    interface Condition {
        boolean met() throws Exception;
    }

    /** As {@link #await}, a timeout telling where the job stood and where the logs are (kept when a test fails). */
    void awaitJob(String what, Condition condition) throws Exception {
        try {
            await(what, condition);
        } catch (AssertionError timedOut) {
            String diagnosis;
            try {
                diagnosis = cluster.rest().diagnosis(jobId);
            } catch (IOException e) {
                diagnosis = "the JobManager did not answer: " + e.getMessage();
            }
            throw new AssertionError(timedOut.getMessage() + "; " + diagnosis + "; the processes' logs in "
                    + cluster.layout().logs(), timedOut);
        }
    }

    static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (condition.met()) {
                    return;
                }
            } catch (IOException | ExecutionException e) {
                // a server is away for the moment
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            Thread.sleep(250);
        }
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public void close() throws Exception {
        try {
            watch.close();
        } finally {
            cluster.down();
            Runtime.getRuntime().removeShutdownHook(downAtExit);
        }
    }
}
