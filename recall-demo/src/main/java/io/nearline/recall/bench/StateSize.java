package io.nearline.recall.bench;

import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Bytes of the job's state per user: the job reads every published record, a checkpoint taken after the last
 * one (the source commits its offsets when a checkpoint completes, so committed offsets at the topics' end mean
 * a completed checkpoint holds every user), then a native savepoint, a self-contained full snapshot of every
 * user, whose files are summed and whose duration is timed, and a canonical one: the live state in the
 * serializers' encoding, without the overwritten values RocksDB's files keep until they are compacted.
 *
 * <p>While the job reads, it checkpoints as Helm and compose configure it: incrementally on RocksDB (the heap
 * backend has only full snapshots), every {@link BenchOptions#STATE_CHECKPOINT_INTERVAL}. Full checkpoints every
 * few seconds of a million users' state throttled the read to a few thousand records a second, which measured
 * the checkpoints and not the state.
 */
final class StateSize {

    private static final long PROJECTED_USERS = 100_000_000L;

    private StateSize() {}

    static String measure(EmbeddedKafkaBroker kafka, Configuration config, BenchInput input, int parallelism,
                          String backend, Duration checkpointInterval, Configuration options) throws Exception {
        Path checkpoints = Files.createTempDirectory("nearline-bench-checkpoints-");
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, backend);
        BenchCluster.rocksDb(cluster, options);
        cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        cluster.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        cluster.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
        env.enableCheckpointing(checkpointInterval.toMillis());
        NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .deadLetters(new DiscardingSink<>())
                .recallStore(new DiscardingSink<>())
                .build().build(env);
        JobClient job = env.executeAsync("state-size-" + backend);
        Path savepoints = Files.createTempDirectory("nearline-bench-savepoints-");
        long snapshotNanos;
        long canonicalNanos;
        String savepoint;
        String canonical;
        try {
            long readStarted = System.nanoTime();
            awaitCommitted(kafka, config.get(JobOptions.KAFKA_GROUP_ID), input.records(), Duration.ofMinutes(40));
            System.out.printf("[bench] state on %s: every record read and checkpointed after %.0f s%n", backend,
                    (System.nanoTime() - readStarted) / 1e9);
            // one more checkpoint, after any timers the end released, so the last retained one is complete
            Thread.sleep(2 * checkpointInterval.toMillis());
            // a full snapshot on demand, timed from trigger to completion: what a checkpoint of every user costs
            long triggered = System.nanoTime();
            savepoint = job.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.NATIVE).get();
            snapshotNanos = System.nanoTime() - triggered;
            // the live state in the serializers' own encoding, the same on both backends: RocksDB's files also hold
            // values overwritten since their last compaction, which a native snapshot copies
            triggered = System.nanoTime();
            canonical = job.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
            canonicalNanos = System.nanoTime() - triggered;
        } finally {
            job.cancel().get();
        }
        Path latest = latestCheckpoint(checkpoints);
        // an incremental checkpoint's files are its own directory and the job's shared/ one
        long checkpointBytes = bytesUnder(latest.getParent());
        long bytes = bytesUnder(Path.of(java.net.URI.create(savepoint)));
        long canonicalBytes = bytesUnder(Path.of(java.net.URI.create(canonical)));
        if (checkpointBytes <= 0 || bytes <= 0 || canonicalBytes <= 0) {
            throw new IllegalStateException("an empty snapshot: checkpoints " + checkpointBytes + " B, savepoint "
                    + bytes + " B, canonical savepoint " + canonicalBytes + " B");
        }
        double perUser = (double) bytes / input.users();
        return String.format("[bench] state on %s: a full snapshot on demand (native savepoint) of %,d users: %,d "
                        + "bytes in %.2f s = %,.0f bytes/user; %,d users: %.1f GiB; the job's retained checkpoint "
                        + "files (%s, incremental: %s): %,d bytes; the live state (canonical savepoint): %,d bytes in "
                        + "%.2f s = %,.0f bytes/user",
                backend, input.users(), bytes, snapshotNanos / 1e9, perUser,
                PROJECTED_USERS, perUser * PROJECTED_USERS / (1L << 30), checkpoints.relativize(latest),
                !"hashmap".equals(backend), checkpointBytes, canonicalBytes, canonicalNanos / 1e9,
                (double) canonicalBytes / input.users());
    }

    private static void awaitCommitted(EmbeddedKafkaBroker kafka, String groupId, long records, Duration timeout)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
                        .values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
                if (committed >= records) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the job did not commit every record within " + timeout);
    }

    private static Path latestCheckpoint(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root, 2)) {
            return paths.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new IllegalStateException("no checkpoint retained under " + root));
        }
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
