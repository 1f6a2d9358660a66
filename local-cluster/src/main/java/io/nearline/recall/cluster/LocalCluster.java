package io.nearline.recall.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * The local cluster of real processes: a KRaft broker, redis-server, the init (semantic IDs, the count model, the
 * topics, the catalogue and the fallback), the local inference server, a Flink JobManager and TaskManagers as
 * JVMs of their own, the shaded job jar submitted through Flink's client, and the event producer. {@link #up()}
 * starts afresh, {@link #down()} stops every process it started; both work from any JVM, through the state folder.
 */
public final class LocalCluster {

    public static final String KAFKA = "kafka";
    public static final String REDIS = "redis";
    public static final String INIT = "init";
    public static final String INFERENCE = "inference-server";
    public static final String JOB_MANAGER = "jobmanager";
    public static final String PRODUCER = "producer";

    private final ClusterOptions options;
    private final ClusterLayout layout;
    private final ClusterCommands commands;
    private final PrintStream out;

    public LocalCluster(ClusterOptions options, PrintStream out) {
        this.options = options;
        this.layout = new ClusterLayout(options.dir());
        this.commands = new ClusterCommands(options, layout);
        this.out = out;
    }

    public ClusterLayout layout() {
        return layout;
    }

    public ClusterOptions options() {
        return options;
    }

    public static String taskManager(int index) {
        return "taskmanager-" + index;
    }

    public ClusterProcess process(String name) {
        return new ClusterProcess(name, layout);
    }

    public ClusterStatus status() throws IOException {
        return ClusterStatus.read(layout.statusFile());
    }

    public FlinkRest rest() throws IOException {
        return new FlinkRest(status().port(ClusterStatus.REST_PORT));
    }

    /** Every long-running process, in the order they start. */
    public List<String> processNames() {
        List<String> names = new ArrayList<>(List.of(KAFKA, REDIS, INFERENCE, JOB_MANAGER));
        for (int i = 1; i <= options.taskManagers(); i++) {
            names.add(taskManager(i));
        }
        names.add(PRODUCER);
        return names;
    }

    /** Starts every process afresh (the state folder is emptied first) and submits the job; returns its id. */
    public String up() throws IOException, InterruptedException {
        for (String name : processNames()) {
            if (process(name).alive()) {
                throw new IllegalStateException(name + " of a cluster in " + layout.dir() + " is running: down first");
            }
        }
        deleteRecursively(layout.dir());
        Files.createDirectories(layout.dir());
        ClusterStatus status = status();
        ReservedPorts ports = ReservedPorts.belowEphemeralRange();
        for (String port : List.of(ClusterStatus.KAFKA_PORT, ClusterStatus.KAFKA_CONTROLLER_PORT,
                ClusterStatus.REDIS_PORT, ClusterStatus.JOBMANAGER_RPC_PORT, ClusterStatus.REST_PORT,
                ClusterStatus.INFERENCE_PORT, ClusterStatus.INFERENCE_METRICS_PORT)) {
            status.put(port, ports.next());
        }
        for (int i = 1; i <= options.taskManagers(); i++) {
            status.put(ClusterStatus.taskManagerMetricsPort(i), ports.next());
        }
        status.put(ClusterStatus.LOG_END_TIME, System.currentTimeMillis());
        FlinkConfigFile.write(options, layout, status);

        startKafka();
        startRedis();
        runInit();
        startInferenceServer();
        startJobManager();
        for (int i = 1; i <= options.taskManagers(); i++) {
            startTaskManager(i);
        }
        awaitTrue("TaskManagers registered", () -> taskManagerCount() == options.taskManagers(), JOB_MANAGER);
        String jobId = new FlinkClient(commands, layout).run(options.parallelism(), jobArguments(), null);
        status.put(ClusterStatus.JOB_ID, jobId);
        out.println("[cluster] job " + jobId + " submitted with " + commands.jobJar().getFileName());
        awaitTrue("every task of job " + jobId + " running", () -> allTasksRunning(jobId), JOB_MANAGER);
        startProducer();
        return jobId;
    }

    /** Stops every process of the cluster (the job's state and the broker's data stay in the folder); true if any ran. */
    public boolean down() throws InterruptedException {
        List<String> names = new ArrayList<>(processNames());
        Collections.reverse(names);
        boolean any = false;
        for (String name : names) {
            if (process(name).stop(Duration.ofSeconds(20))) {
                out.println("[cluster] stopped " + name);
                any = true;
            }
        }
        List<String> left = names.stream().filter(name -> process(name).alive()).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("still running after down: " + left);
        }
        return any;
    }

    public void startKafka() throws IOException, InterruptedException {
        ClusterStatus status = status();
        process(KAFKA).start(commands.demoJava("384m", "io.nearline.recall.testing.KafkaBrokerProcess",
                List.of(layout.kafkaData().toString(), status.get(ClusterStatus.KAFKA_PORT),
                        status.get(ClusterStatus.KAFKA_CONTROLLER_PORT))), Map.of());
        awaitListening(KAFKA, status.port(ClusterStatus.KAFKA_PORT));
    }

    private void startRedis() throws IOException, InterruptedException {
        Files.createDirectories(layout.redisData());
        String binary = layout.redisData().resolve("redis-server").toString();
        FlinkClient.output(commands.demoJava("64m", "io.nearline.recall.testing.EmbeddedRedisServer",
                List.of(binary)), layout.dir(), Duration.ofMinutes(1));
        int port = status().port(ClusterStatus.REDIS_PORT);
        process(REDIS).start(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", layout.redisData().toString()), Map.of());
        awaitListening(REDIS, port);
    }

    private void runInit() throws IOException, InterruptedException {
        ClusterStatus status = status();
        ClusterProcess init = process(INIT);
        init.start(commands.demoJava("1g", "io.nearline.recall.demo.ClusterInit", List.of(
                "--dir", layout.recallModel().toString(), "--kafka", kafkaAddress(),
                "--redis-port", status.get(ClusterStatus.REDIS_PORT), "--events", Long.toString(options.events()),
                "--end-time", status.get(ClusterStatus.LOG_END_TIME),
                "--partitions", Integer.toString(options.parallelism()))), Map.of());
        if (!init.awaitExit(Duration.ofMinutes(10)) || !Files.exists(layout.recallModel().resolve("count-model.bin"))) {
            throw new IllegalStateException("the init failed:\n" + init.logTail(30));
        }
        out.println("[cluster] init: " + init.logTail(2).replace("\n", "\n[cluster] init: "));
    }

    /** Starts the local inference server, as at up or again after it was killed, on the same ports. */
    public void startInferenceServer() throws IOException, InterruptedException {
        startInferenceServer(options.modelLatency());
    }

    /** As {@link #startInferenceServer()}, each answer held back {@code modelLatency} (a slower model's rollout). */
    public void startInferenceServer(Duration modelLatency) throws IOException, InterruptedException {
        ClusterStatus status = status();
        process(INFERENCE).start(commands.demoJava("512m", "io.nearline.recall.server.LocalServerMain", List.of(
                "--port=" + status.get(ClusterStatus.INFERENCE_PORT),
                "--metrics-port=" + status.get(ClusterStatus.INFERENCE_METRICS_PORT),
                "--model=" + layout.recallModel().resolve("count-model.bin"), "--inference-threads=2",
                "--model-latency=" + modelLatency.toMillis() + " ms")), Map.of());
        awaitListening(INFERENCE, status.port(ClusterStatus.INFERENCE_PORT));
    }

    private void startJobManager() throws IOException, InterruptedException {
        Configuration flink = FlinkConfigFile.write(options, layout, status());
        process(JOB_MANAGER).start(commands.flinkJava(FlinkProcessMemory.jobManager(flink), JOB_MANAGER,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", layout.conf().toString())), Map.of());
        awaitTrue("the JobManager's REST API", this::restAnswers, JOB_MANAGER);
    }

    /** Starts TaskManager {@code index} (1-based), as at up or again after it was killed. */
    public void startTaskManager(int index) throws IOException {
        Configuration flink = FlinkConfigFile.write(options, layout, status());
        String name = taskManager(index);
        process(name).start(commands.flinkJava(FlinkProcessMemory.taskManager(flink), name,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", List.of("--configDir",
                        layout.conf().toString(), "-D", "taskmanager.resource-id=" + name, "-D",
                        "metrics.reporter.prom.port=" + status().get(ClusterStatus.taskManagerMetricsPort(index)))),
                Map.of());
    }

    private void startProducer() throws IOException {
        ClusterStatus status = status();
        process(PRODUCER).start(commands.demoJava("384m", "io.nearline.recall.demo.ClusterProducer", List.of(
                "--kafka", kafkaAddress(), "--events", Long.toString(options.events()),
                "--end-time", status.get(ClusterStatus.LOG_END_TIME), "--rate", Integer.toString(options.rate()),
                "--burst-after", Long.toString(options.burst().after()),
                "--burst-events", Long.toString(options.burst().events()),
                "--burst-rate", Integer.toString(options.burst().rate()),
                "--acknowledged", layout.acknowledged().toString())), Map.of());
    }

    /** The job's options, as {@code flink run JAR --key value ...} passes them. */
    List<String> jobArguments() throws IOException {
        ClusterStatus status = status();
        return List.of("--kafka.bootstrap-servers", kafkaAddress(),
                "--redis.host", "127.0.0.1", "--redis.port", status.get(ClusterStatus.REDIS_PORT),
                "--catalogue.semantic-ids-dir", layout.recallModel().resolve("semantic-ids").toString(),
                "--triton.target", "127.0.0.1:" + status.get(ClusterStatus.INFERENCE_PORT),
                "--triton.deadline", "1000", "--inference.timeout", "2 s", "--inference.max-in-flight", "16",
                "--rules.initial", options.rules(),
                "--job.checkpoint-interval", options.checkpointInterval().toMillis() + " ms");
    }

    public String kafkaAddress() throws IOException {
        return "127.0.0.1:" + status().get(ClusterStatus.KAFKA_PORT);
    }

    public FlinkClient client() {
        return new FlinkClient(commands, layout);
    }

    private int taskManagerCount() {
        try {
            return rest().taskManagers().size();
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean allTasksRunning(String jobId) {
        try {
            return rest().allTasksRunning(jobId);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean restAnswers() {
        try {
            rest().jobs();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitListening(String name, int port) throws InterruptedException {
        awaitTrue(name + " listening on " + port, () -> listening(port), name);
        out.println("[cluster] " + name + " on 127.0.0.1:" + port);
    }

    /** Waits for {@code condition} within the start timeout, failing early, with its log, if {@code name} died. */
    private void awaitTrue(String what, BooleanSupplier condition, String name) throws InterruptedException {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (!condition.getAsBoolean()) {
            if (!process(name).alive()) {
                throw new IllegalStateException(name + " exited while waiting for " + what + ":\n"
                        + process(name).logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + options.startTimeout() + ":\n"
                        + process(name).logTail(30));
            }
            Thread.sleep(200);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Empties a previous cluster's folder; a folder that holds anything else is refused, never emptied. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent() && !Files.exists(new ClusterLayout(dir).statusFile())) {
                throw new IllegalStateException(dir + " is not empty and holds no cluster.properties: not a cluster's"
                        + " state folder, left alone");
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
