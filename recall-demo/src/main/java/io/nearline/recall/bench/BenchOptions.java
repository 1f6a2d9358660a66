package io.nearline.recall.bench;

import io.nearline.recall.job.JobOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of {@code bin/bench}, each given as {@code --KEY=VALUE} without the {@code bench.} prefix. */
public final class BenchOptions {

    private BenchOptions() {}

    public static final ConfigOption<Integer> USERS = ConfigOptions.key("bench.users")
            .intType().defaultValue(25_000)
            .withDescription("Users of the generated behaviour log.");

    public static final ConfigOption<Long> EVENTS = ConfigOptions.key("bench.events")
            .longType().defaultValue(1_000_000L)
            .withDescription("Behaviours of the generated log, published once and read by every run.");

    public static final ConfigOption<Integer> WARMUP_RUNS = ConfigOptions.key("bench.warmup-runs")
            .intType().defaultValue(1)
            .withDescription("Rounds run first and not reported, so that every measured run finds the JIT warm.");

    public static final ConfigOption<Integer> RUNS = ConfigOptions.key("bench.runs")
            .intType().defaultValue(3)
            .withDescription("Measured rounds; a round runs every variant once, the baseline first.");

    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("bench.parallelism")
            .intType().defaultValue(2)
            .withDescription("Parallelism of every job and partitions of the input topics.");

    public static final ConfigOption<String> BACKENDS = ConfigOptions.key("bench.backends")
            .stringType().defaultValue("hashmap,rocksdb")
            .withDescription("State backends the job's path runs on (Flink's state.backend.type), comma-separated.");

    public static final ConfigOption<Boolean> STATE_SIZE = ConfigOptions.key("bench.state-size")
            .booleanType().defaultValue(false)
            .withDescription("Also checkpoint the job's state once all users are in it, per backend, and report bytes per "
                    + "user, and the bytes and duration of a full snapshot taken on demand.");

    public static final ConfigOption<Duration> STATE_CHECKPOINT_INTERVAL = ConfigOptions
            .key("bench.state-checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Checkpoint interval of the state-size runs while they read (incremental on RocksDB); "
                    + "the source commits its offsets, and so the run knows every record is in the state, only "
                    + "when a checkpoint completes.");

    public static final ConfigOption<Integer> GATE_REQUESTS = ConfigOptions.key("bench.gate-requests")
            .intType().defaultValue(200_000)
            .withDescription("Recall requests flooding the GPU budget gate on its own, after the rounds; 0: no gate run.");

    public static final ConfigOption<String> MODEL_LATENCIES = ConfigOptions.key("bench.model-latencies")
            .stringType().defaultValue("0 ms,50 ms,200 ms")
            .withDescription("Model latencies (server.model-latency) of the whole job's runs, comma-separated; "
                    + "empty: no whole-job runs.");

    public static final ConfigOption<String> WHOLE_BACKEND = ConfigOptions.key("bench.whole-backend")
            .stringType().defaultValue("rocksdb")
            .withDescription("State backend of the whole job's runs (the backend Helm and compose use).");

    public static final ConfigOption<String> LATENCY_RATES = ConfigOptions.key("bench.latency-rates")
            .stringType().defaultValue("1000,5000")
            .withDescription("Behaviours/s at which the event-to-Redis latency is measured, comma-separated; "
                    + "empty: no latency runs.");

    public static final ConfigOption<Duration> LATENCY_MODEL = ConfigOptions.key("bench.latency-model")
            .durationType().defaultValue(Duration.ofMillis(50))
            .withDescription("Model latency (server.model-latency) of the latency runs.");

    public static final ConfigOption<Duration> LATENCY_DURATION = ConfigOptions.key("bench.latency-duration")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("How long each latency run sends at its rate, after a tenth as long of warm-up.");

    public static final ConfigOption<String> LATENCY_RULES = ConfigOptions.key("bench.latency-rules")
            .stringType().defaultValue("builtin:every-event-rules.yaml")
            .withDescription("Rules of the latency runs: by default every behaviour fires at once, so the latency "
                    + "is the pipeline's, not a debounce the rules ask for.");

    public static final ConfigOption<Integer> LATENCY_BEAM_WIDTH = ConfigOptions.key("bench.latency-beam-width")
            .intType().defaultValue(10)
            .withDescription("Beam width (and beams returned) of the latency runs: the local server's CPU search "
                    + "shares the job's cores, and at the job's default of 100 it alone takes about a core at "
                    + "1,000 requests/s, which a GPU server would not take from the job.");

    public static final ConfigOption<Boolean> ROCKSDB_BLOOM_FILTER = ConfigOptions
            .key("bench.rocksdb-bloom-filter")
            .booleanType().defaultValue(true)
            .withDescription("RocksDB runs write a Bloom filter into every SST file "
                    + "(state.backend.rocksdb.use-bloom-filter, as Helm, compose and bin/cluster configure the job), so "
                    + "that a look-up of a user RocksDB does not hold reads no data blocks; false measures without.");

    public static final ConfigOption<Integer> USER_CACHE_USERS = ConfigOptions.key("bench.user-cache-users")
            .intType().defaultValue(JobOptions.USER_CACHE_MAX_USERS.defaultValue())
            .withDescription("Users each instance of the job's user operator keeps as objects in front of RocksDB "
                    + "(state.user-cache.max-users) in the path and state-size runs.");

    public static final List<ConfigOption<?>> ALL = List.of(USERS, EVENTS, WARMUP_RUNS, RUNS, PARALLELISM, BACKENDS,
            STATE_SIZE, STATE_CHECKPOINT_INTERVAL, ROCKSDB_BLOOM_FILTER, USER_CACHE_USERS, GATE_REQUESTS, MODEL_LATENCIES, WHOLE_BACKEND, LATENCY_RATES, LATENCY_MODEL, LATENCY_DURATION,
            LATENCY_RULES, LATENCY_BEAM_WIDTH);
}
