package io.nearline.recall.bench;

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
            .withDescription("Also checkpoint the job's state once all users are in it, per backend, and report bytes per user.");

    public static final ConfigOption<Integer> GATE_REQUESTS = ConfigOptions.key("bench.gate-requests")
            .intType().defaultValue(200_000)
            .withDescription("Recall requests flooding the GPU budget gate on its own, after the rounds; 0: no gate run.");

    public static final List<ConfigOption<?>> ALL = List.of(USERS, EVENTS, WARMUP_RUNS, RUNS, PARALLELISM, BACKENDS,
            STATE_SIZE, GATE_REQUESTS);
}
