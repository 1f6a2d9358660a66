package io.nearline.recall.cluster;

import io.nearline.recall.config.OptionValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Every tunable of the local cluster ({@code cluster.*}), each with its default; {@code bin/cluster up --KEY=VALUE}. */
public record ClusterOptions(Path dir, Path projectDir, int taskManagers, int slots, int parallelism,
                             MemorySize jobManagerMemory, MemorySize taskManagerMemory, Duration checkpointInterval,
                             Duration heartbeatTimeout, long events, int rate, Burst burst, String rules,
                             Duration modelLatency, Duration startTimeout) {

    /** The {@code events} of the replay after its first {@code after} that go at {@code rate}; none when 0. */
    public record Burst(long after, long events, int rate) {
        public static final Burst NONE = new Burst(0, 0, 0);
    }

    public static final ConfigOption<String> DIR = ConfigOptions.key("cluster.dir").stringType()
            .defaultValue("target/cluster")
            .withDescription("State folder: pid files, logs, the broker's data, checkpoints, savepoints, the model, "
                    + "cluster.properties (ports and the job id). Relative to the project folder.");
    public static final ConfigOption<String> PROJECT_DIR = ConfigOptions.key("cluster.project-dir").stringType()
            .defaultValue(".")
            .withDescription("The built project: the job jar, the demo's and Flink's classpaths are found under it.");
    public static final ConfigOption<Integer> TASK_MANAGERS = ConfigOptions.key("cluster.taskmanagers").intType()
            .defaultValue(2).withDescription("TaskManager processes.");
    public static final ConfigOption<Integer> SLOTS = ConfigOptions.key("cluster.slots").intType().defaultValue(2)
            .withDescription("Task slots per TaskManager; with the defaults one TaskManager can hold the whole job, "
                    + "so the other's slots take over when one dies.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("cluster.parallelism").intType()
            .defaultValue(2).withDescription("The job's parallelism (flink run -p).");
    public static final ConfigOption<MemorySize> JOB_MANAGER_MEMORY = ConfigOptions.key("cluster.jobmanager-memory")
            .memoryType().defaultValue(MemorySize.parse("768m"))
            .withDescription("jobmanager.memory.process.size; heap and the rest are derived as Flink's scripts do.");
    public static final ConfigOption<MemorySize> TASK_MANAGER_MEMORY = ConfigOptions.key("cluster.taskmanager-memory")
            .memoryType().defaultValue(MemorySize.parse("1g"))
            .withDescription("taskmanager.memory.process.size of each TaskManager; heap, managed (RocksDB), network "
                    + "and the rest are derived as Flink's scripts do.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("cluster.checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("The job's checkpoint interval (RocksDB, on local disk under the state folder).");
    public static final ConfigOption<Duration> HEARTBEAT_TIMEOUT = ConfigOptions.key("cluster.heartbeat-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How long the JobManager waits for a silent TaskManager before it counts it lost "
                    + "(Flink's default, 50 s, would hold a killed one's slots that long).");
    public static final ConfigOption<Long> EVENTS = ConfigOptions.key("cluster.events").longType()
            .defaultValue(20_000L)
            .withDescription("Behaviours the producer replays (the generator makes ten times as many as history).");
    public static final ConfigOption<Integer> RATE = ConfigOptions.key("cluster.rate").intType().defaultValue(100)
            .withDescription("Behaviours per second the producer sends.");
    public static final ConfigOption<Long> BURST_AFTER = ConfigOptions.key("cluster.burst-after").longType()
            .defaultValue(0L).withDescription("Behaviours sent at cluster.rate before the burst.");
    public static final ConfigOption<Long> BURST_EVENTS = ConfigOptions.key("cluster.burst-events").longType()
            .defaultValue(0L).withDescription("Behaviours of the burst, part of cluster.events; 0: no burst.");
    public static final ConfigOption<Integer> BURST_RATE = ConfigOptions.key("cluster.burst-rate").intType()
            .defaultValue(1000).withDescription("Behaviours per second during the burst.");
    public static final ConfigOption<Duration> MODEL_LATENCY = ConfigOptions.key("cluster.model-latency")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("The inference server's server.model-latency: each answer held back this long, as a "
                    + "GPU model would take.");
    public static final ConfigOption<String> RULES = ConfigOptions.key("cluster.rules").stringType()
            .defaultValue("builtin:default-rules.yaml").withDescription("The job's rules.initial.");
    public static final ConfigOption<Duration> START_TIMEOUT = ConfigOptions.key("cluster.start-timeout")
            .durationType().defaultValue(Duration.ofMinutes(3))
            .withDescription("How long up waits for each process to listen, and for the job to run.");

    public static final List<ConfigOption<?>> ALL = List.of(DIR, PROJECT_DIR, TASK_MANAGERS, SLOTS, PARALLELISM,
            JOB_MANAGER_MEMORY, TASK_MANAGER_MEMORY, CHECKPOINT_INTERVAL, HEARTBEAT_TIMEOUT, EVENTS, RATE, BURST_AFTER,
            BURST_EVENTS, BURST_RATE, RULES, MODEL_LATENCY, START_TIMEOUT);

    public ClusterOptions {
        if (taskManagers < 1 || slots < 1 || parallelism < 1 || events < 1 || rate < 1) {
            throw new IllegalArgumentException("cluster.taskmanagers, slots, parallelism, events and rate must be"
                    + " positive");
        }
        if (burst.events() > 0 && (burst.rate() < 1 || burst.after() < 0 || burst.after() + burst.events() > events)) {
            throw new IllegalArgumentException("cluster.burst-after + cluster.burst-events must lie within "
                    + "cluster.events " + events + ", and cluster.burst-rate must be positive");
        }
        if (modelLatency.isNegative()) {
            throw new IllegalArgumentException("cluster.model-latency must not be negative");
        }
        if (parallelism > taskManagers * slots) {
            throw new IllegalArgumentException("cluster.parallelism " + parallelism + " needs more slots than "
                    + taskManagers + " TaskManagers of " + slots + " hold");
        }
    }

    /** Reads {@code cluster.*} keys; an unknown one or a bad value is an IllegalArgumentException naming it. */
    public static ClusterOptions fromMap(Map<String, String> values) {
        OptionValues v = OptionValues.of(values, ALL, "cluster.");
        Path project = Path.of(v.get(PROJECT_DIR)).toAbsolutePath().normalize();
        return new ClusterOptions(project.resolve(v.get(DIR)).normalize(), project, v.get(TASK_MANAGERS),
                v.get(SLOTS), v.get(PARALLELISM), v.get(JOB_MANAGER_MEMORY), v.get(TASK_MANAGER_MEMORY),
                v.get(CHECKPOINT_INTERVAL), v.get(HEARTBEAT_TIMEOUT), v.get(EVENTS), v.get(RATE),
                new Burst(v.get(BURST_AFTER), v.get(BURST_EVENTS), v.get(BURST_RATE)), v.get(RULES),
                v.get(MODEL_LATENCY), v.get(START_TIMEOUT));
    }

    public static ClusterOptions defaults() {
        return fromMap(Map.of());
    }

    public ClusterOptions withDir(Path folder) {
        return new ClusterOptions(folder, projectDir, taskManagers, slots, parallelism, jobManagerMemory,
                taskManagerMemory, checkpointInterval, heartbeatTimeout, events, rate, burst, rules, modelLatency,
                startTimeout);
    }
}
