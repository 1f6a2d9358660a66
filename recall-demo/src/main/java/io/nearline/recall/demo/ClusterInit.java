package io.nearline.recall.demo;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.cache.RedisOptions;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.model.ModelFile;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local cluster's init, as the demo prepares its run but as a process of its own that leaves files behind:
 * the generator's log up to the replay window builds the semantic IDs (saved where the job reads them) and trains
 * the count model (a model file the inference server loads); the topics are created, the catalogue published to
 * its compacted topic and the popularity fallback to Redis.
 */
@Command(name = "ClusterInit", mixinStandardHelpOptions = true,
        description = "Builds the semantic IDs and the count model from the generator's history; creates the topics,"
                + " publishes the catalogue and the fallback.")
public final class ClusterInit implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "Where the IDs (DIR/semantic-ids) and the model (DIR/count-model.bin) go.")
    private Path directory;

    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "The broker.")
    private String bootstrapServers;

    @Option(names = "--redis-host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "redis-server's host.")
    private String redisHost;

    @Option(names = "--redis-port", required = true, paramLabel = "PORT", description = "redis-server's port.")
    private int redisPort;

    @Option(names = "--redis-user", defaultValue = "", paramLabel = "USER",
            description = "The ACL user to authenticate as; empty: the default user.")
    private String redisUser;

    @Option(names = "--redis-password-env", defaultValue = "", paramLabel = "NAME",
            description = "Environment variable holding Redis's password (never given on the command line); empty: none.")
    private String redisPasswordEnv;

    @Option(names = "--events", defaultValue = "20000", paramLabel = "N", description = "Behaviours replayed live.")
    private long events;

    @Option(names = "--end-time", defaultValue = "0", paramLabel = "EPOCH_MS",
            description = "The log's last event time, which the producer must be given too; 0: now. Written to"
                    + " DIR/log-end-time for a producer started with --end-time-file.")
    private long endTime;

    @Option(names = "--partitions", defaultValue = "2", paramLabel = "N",
            description = "Partitions of the behaviour and profile topics.")
    private int partitions;

    private ClusterInit() {}

    public static void main(String[] args) {
        ToolRunner.exit(new ClusterInit(), args);
    }

    /** The generator's log ending at {@code endMillis}, with ten times the replayed behaviours before the window. */
    static BehaviourLog openLog(long events, long endMillis) {
        return BehaviourLogs.open("generator", BehaviourLogOptions.defaults()
                .withEvents(events * DemoMain.HISTORY_FACTOR).withRebaseEndTime(Instant.ofEpochMilli(endMillis)));
    }

    /** The model file the local inference server is started with. */
    static Path modelFile(Path directory) {
        return directory.resolve("count-model.bin");
    }

    @Override
    public Integer call() throws Exception {
        long end = LogEndTime.chooseAndRecord(endTime, directory);
        BehaviourLog log = openLog(events, end);
        ReplayWindow window = ReplayWindow.of(log, events);
        Path ids = directory.resolve("semantic-ids");
        Files.createDirectories(ids);
        DemoRecallStack.Learned learned = DemoRecallStack.learn(log, window.cutTime(), false, ids);
        ModelFile.write(learned.trained().model(), modelFile(directory));
        System.out.printf("semantic IDs of %d objects in %s; count model %s trained on %d users, in %s%n",
                learned.assignments().size(), ids, learned.trained().model().header().modelVersion(),
                learned.sequences().size(), modelFile(directory));

        Configuration config = redisConfig();
        EmbeddedKafkaBroker.createTopics(bootstrapServers, Map.of(), partitions, List.of(
                config.get(JobOptions.BEHAVIOUR_TOPIC), config.get(JobOptions.PROFILE_TOPIC),
                config.get(JobOptions.DEAD_LETTER_TOPIC), config.get(JobOptions.TRACE_TOPIC)), List.of());
        List<String> compacted = List.of(config.get(JobOptions.RULES_TOPIC), config.get(JobOptions.CATALOGUE_TOPIC));
        EmbeddedKafkaBroker.createTopics(bootstrapServers, Map.of(), 1, compacted, compacted);
        DemoRecallStack.publishCatalogue(bootstrapServers, Map.of(), config.get(JobOptions.CATALOGUE_TOPIC),
                log.catalogue());
        int segments = DemoTradeOff.publishFallback(log, window.cutTime(), config);
        System.out.printf("topics created; %d marketing objects published to %s; fallback of %d ARPU segments in"
                + " Redis; the replay starts at %s%n", log.catalogue().size(), config.get(JobOptions.CATALOGUE_TOPIC),
                segments, Instant.ofEpochMilli(window.cutTime()));
        return 0;
    }

    private Configuration redisConfig() {
        Configuration config = new Configuration();
        config.set(RedisOptions.HOST, redisHost);
        config.set(RedisOptions.PORT, redisPort);
        config.set(RedisOptions.USER, redisUser);
        if (!redisPasswordEnv.isEmpty()) {
            String password = System.getenv(redisPasswordEnv);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("--redis-password-env names " + redisPasswordEnv
                        + ", which is not set in this environment");
            }
            config.set(RedisOptions.PASSWORD, password);
        }
        return config;
    }
}
