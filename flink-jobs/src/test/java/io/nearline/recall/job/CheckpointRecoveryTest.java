package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.testing.Await;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing the job and restarting it from its last checkpoint loses no event: user state and Kafka offsets come back.
 * On the heap and on RocksDB, where the user operator's cache holds changed users until a checkpoint (or evicts
 * them, at a cache of one user), which the kill throws away.
 */
class CheckpointRecoveryTest {

    private static final int USERS = 5;

    @ParameterizedTest(name = "{0}, user cache {1}")
    @CsvSource({"hashmap, 4096", "rocksdb, 4096", "rocksdb, 1"})
    void aJobRestartedFromItsCheckpoint_continuesEveryUsersSequenceWithoutLoss(String backend, int cachedUsers,
            @TempDir Path checkpoints) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            kafka.createTopics(2, List.of("behaviour-events", "profile-updates", "dead-letters"), List.of());
            Instant base = Instant.now().minus(Duration.ofMinutes(10));
            publish(events, base, 0, 4);

            CollectingSink<RecallRequest> before = new CollectingSink<>();
            JobClient first = start(kafka, checkpoints, before, null, backend, cachedUsers);
            await(() -> before.collected().size() == USERS
                    && CounterSnapshotReporter.value(JobMetrics.RECORDS_READ) == USERS * 4, "first batch processed");
            Path checkpoint = awaitCheckpointTriggeredAfterNow(checkpoints);
            first.cancel().get();

            publish(events, base, 0, 4); // replayed: the restored sequences must know them
            publish(events, base, 4, 6);
            CollectingSink<RecallRequest> after = new CollectingSink<>();
            JobClient second = start(kafka, checkpoints, after, checkpoint, backend, cachedUsers);
            await(() -> after.collected().size() == USERS, "second batch triggered every user");
            second.cancel().get();

            for (RecallRequest request : after.collected()) {
                assertEquals(6L, request.behavioursSeen, "state restored for " + request.userId);
                assertEquals(request.userId + "/" + request.userId + "-5/6", request.requestId);
            }
            assertEquals(USERS * 6, CounterSnapshotReporter.value(JobMetrics.RECORDS_READ),
                    "the restarted job resumes from the checkpointed offsets, not from the start");
            assertEquals(USERS * 4, CounterSnapshotReporter.value(JobMetrics.BEHAVIOURS_DUPLICATE),
                    "every replayed behaviour is recognised by the restored sequences");
        }
    }

    private static void publish(TestEvents events, Instant base, int from, int to) {
        for (int i = from; i < to; i++) {
            for (int u = 0; u < USERS; u++) {
                String user = "user" + u;
                events.send("behaviour-events", TestEvents.behaviour(user + "-" + i, user, "m" + i, Action.CLICK,
                        base.plusSeconds(i)));
            }
        }
        events.flush();
    }

    private static JobClient start(EmbeddedKafkaBroker kafka, Path checkpoints, CollectingSink<RecallRequest> requests,
                                   Path restoreFrom, String backend, int cachedUsers) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put(StateBackendOptions.STATE_BACKEND.key(), backend);
        settings.put(JobOptions.USER_CACHE_MAX_USERS.key(), Integer.toString(cachedUsers));
        settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
        settings.put(CheckpointingOptions.CHECKPOINTING_INTERVAL.key(), "300 ms");
        settings.put(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), checkpoints.toUri().toString());
        settings.put(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION.key(),
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION.name());
        settings.put("metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName());
        if (restoreFrom != null) {
            settings.put(StateRecoveryOptions.SAVEPOINT_PATH.key(), restoreFrom.toUri().toString());
        }
        Configuration config = Configuration.fromMap(settings);
        CounterSnapshotReporter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .triggerPolicy(new EveryNthBehaviourPolicy(3))
                .deadLetters(new CollectingSink<>())
                .recallStore(new CollectingSink<>())
                .requestTap(requests)
                .build()
                .build(env);
        return env.executeAsync("checkpoint-recovery");
    }

    /**
     * The checkpoint after next: the one in flight now may have been triggered before the last record
     * passed the source, the following one cannot have been.
     */
    private static Path awaitCheckpointTriggeredAfterNow(Path root) throws Exception {
        long completedNow = latestCheckpoint(root).map(CheckpointRecoveryTest::number).orElse(0L);
        Path[] found = new Path[1];
        await(() -> {
            found[0] = latestCheckpoint(root).filter(p -> number(p) >= completedNow + 2).orElse(null);
            return found[0] != null;
        }, "a checkpoint triggered after the batch was processed");
        return found[0];
    }

    private static Optional<Path> latestCheckpoint(Path root) {
        try (Stream<Path> paths = Files.walk(root, 2)) {
            return paths.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max((a, b) -> Long.compare(number(a), number(b)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long number(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(4));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, () -> what, Duration.ofSeconds(90), Duration.ofMillis(50));
    }
}
