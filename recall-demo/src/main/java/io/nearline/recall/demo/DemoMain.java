package io.nearline.recall.demo;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.quality.LiveRecallScorer;
import io.nearline.recall.inspector.InspectorServer;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.job.trace.TraceStoreSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded default: starts a real Kafka broker (KRaft) and a real redis-server, runs the job on
 * Flink's MiniCluster, replays a behaviour log through Kafka, shows progress, and ends with a summary
 * printed and written as JSON. Flags: see {@link DemoOptions}.
 */
public final class DemoMain {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(60);
    /** The generator makes this many times the replayed behaviours, the earlier ones to learn from. */
    static final int HISTORY_FACTOR = 10;

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.HelpRequested e) {
            System.out.print(DemoOptions.usage());
            System.exit(0);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bin/demo: " + e.getMessage() + " (bin/demo --help lists the flags)");
            System.exit(2);
            return;
        }
        if (options.ui()) {
            // Ctrl-C ends the wait; the hook holds the JVM until the servers (redis-server is a process) are stopped
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            try {
                run(options, (summary, inspector) -> {
                    report(options, summary);
                    say("the recall inspector stays at " + inspector + " over the demo's Redis and broker; Ctrl-C to stop");
                    stop.await();
                });
            } finally {
                stopped.countDown();
            }
            return;
        }
        DemoSummary summary = run(options);
        System.exit(report(options, summary) ? 0 : 1);
    }

    /** Prints the summary, writes its JSON and checks its figures; whether they all hold. */
    private static boolean report(DemoOptions options, DemoSummary summary) throws Exception {
        System.out.print(summary.toText());
        DemoArms.lines(summary.figures()).forEach(DemoMain::say);
        summary.writeJson(options.summaryJson());
        System.out.println("summary written to " + options.summaryJson().toAbsolutePath());
        List<String> broken = SummaryChecks.broken(summary.figures());
        if (!broken.isEmpty()) {
            broken.forEach(problem -> System.err.println("[demo] FIGURES DO NOT HOLD: " + problem));
            return false;
        }
        say("every figure checked: read <= sent, read = accepted + dead-lettered, causes = failures, "
                + "answers = stored + accounted, 0 restarts, each total = the sum of its arms'");
        return true;
    }

    /** What runs after the demo's summary, while its servers (and the inspector, with --ui) still run. */
    public interface AfterRun {
        /** {@code inspector}: the inspector's URL with --ui, null without. */
        void whileServersRun(DemoSummary summary, String inspector) throws Exception;
    }

    /** Runs one demo end to end and returns its summary. */
    public static DemoSummary run(DemoOptions options) throws Exception {
        return run(options, (summary, inspector) -> { });
    }

    /** As {@link #run(DemoOptions)}, calling {@code afterRun} with the summary before the servers stop. */
    public static DemoSummary run(DemoOptions options, AfterRun afterRun) throws Exception {
        long started = System.nanoTime();
        CounterSnapshotReporter.reset();
        // the generator makes history to learn from before the replayed window
        BehaviourLog log = BehaviourLogs.open(options.source(), BehaviourLogOptions.defaults()
                .withEvents(options.events() * HISTORY_FACTOR).withRebaseEndTime(Instant.now()));
        ReplayWindow window = ReplayWindow.of(log, options.events());
        say("behaviour log: " + log.name() + ", " + log.catalogue().size() + " marketing objects, "
                + log.profiles().size() + " users; learning from " + window.skip() + " behaviours, replaying "
                + window.replay());
        Path checkpoints = Files.createTempDirectory("nearline-demo-checkpoints");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            say("kafka broker (KRaft) at " + kafka.bootstrapServers() + ", redis-server at " + redis.host() + ":" + redis.port());
            Configuration bare = jobConfig(kafka, redis, Map.of());
            kafka.createTopics(options.parallelism(), List.of(bare.get(JobOptions.BEHAVIOUR_TOPIC),
                    bare.get(JobOptions.PROFILE_TOPIC), bare.get(JobOptions.DEAD_LETTER_TOPIC)), List.of());
            kafka.createTopics(1, List.of(bare.get(JobOptions.RULES_TOPIC), bare.get(JobOptions.CATALOGUE_TOPIC)),
                    List.of(bare.get(JobOptions.RULES_TOPIC), bare.get(JobOptions.CATALOGUE_TOPIC)));
            kafka.createTopics(options.parallelism(), List.of(bare.get(JobOptions.TRACE_TOPIC)), List.of());
            try (DemoRecallStack stack = DemoRecallStack.prepare(log, window.cutTime(), options.idsFromText(), kafka,
                    bare.get(JobOptions.CATALOGUE_TOPIC), options.model(), options.python())) {
                say(stack.objectsWithIds + " marketing objects have semantic IDs; serving " + stack.modelDescription
                        + "; count model " + stack.modelVersion
                        + " trained on " + stack.trainingSequences + " users; local inference server at " + stack.target());
                Configuration config = jobConfig(kafka, redis, Map.of(
                        // on disk, as in production: a warm user state outgrows the JobManager's 5 MB memory storage
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), checkpoints.toUri().toString(),
                        JobOptions.SEMANTIC_IDS_DIR.key(), stack.idsDirectory.toString(),
                        "triton.target", stack.target(),
                        // the recall LLM takes 50-500 ms a request on these cores, the count model well under 1 ms
                        "triton.deadline", options.model() == DemoModel.COUNT ? "1000" : "10000",
                        JobOptions.INFERENCE_TIMEOUT.key(), options.model() == DemoModel.COUNT ? "2 s" : "15 s",
                        JobOptions.INFERENCE_CAPACITY.key(), "16",
                        JobOptions.RULES_INITIAL.key(), options.rules(),
                        JobOptions.BOOTSTRAP_UNTIL.key(), options.warmStart() ? Long.toString(window.cutTime()) : "",
                        JobOptions.TRACE_SAMPLE_RATE.key(), Double.toString(options.traceSampleRate()),
                        JobOptions.TRACE_PINNED_USERS.key(), options.tracePinnedUsers()));
                config.set(JobOptions.INFERENCE_TIER_PRIORITY, options.tierPriority());
                try (InspectorServer inspector = options.ui() ? DemoInspector.start(options, kafka, redis,
                        bare.get(JobOptions.CATALOGUE_TOPIC)) : null) {
                    String url = inspector == null ? null : DemoInspector.url(inspector);
                    if (url != null) {
                        say("recall inspector at " + url + " (traces appear as the job makes them)");
                    }
                    DemoSummary summary = runJob(options, log, window, kafka, config, started)
                            .put("model", stack.modelDescription);
                    stack.serverFigures().forEach(summary::put);
                    afterRun.whileServersRun(summary, url);
                    return summary;
                }
            }
        } finally {
            EmbeddedKafkaBroker.deleteRecursively(checkpoints);
        }
    }

    private static DemoSummary runJob(DemoOptions options, BehaviourLog log, ReplayWindow window,
                                      EmbeddedKafkaBroker kafka, Configuration config, long started) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), config);
        env.enableCheckpointing(config.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .rulesUpdates(KafkaConnections.rulesSource(config))
                .deadLetters(KafkaConnections.deadLetterSink(config))
                .catalogueUpdates(KafkaConnections.catalogueSource(config), KafkaConnections.catalogueEnd(config))
                .recallService(NearlineRecallJob.recallServiceFrom(config))
                .recallStore(RecallStoreSink.from(config))
                .traceTopic(KafkaConnections.traceSink(config))
                .traceStore(TraceStoreSink.from(config))
                .build()
                .build(env);
        JobClient job = env.executeAsync("nearline-recall-demo");
        say("job " + job.getJobID() + " running on a MiniCluster with parallelism " + options.parallelism());

        try (EventProducer producer = new EventProducer(kafka.bootstrapServers(),
                config.get(JobOptions.BEHAVIOUR_TOPIC), config.get(JobOptions.PROFILE_TOPIC))) {
            if (options.warmStart()) {
                say("warm start: sending the " + window.skip() + " history behaviours first; before "
                        + Instant.ofEpochMilli(window.cutTime()) + " they build state and fire nothing");
                producer.sendHistory(log, window.skip());
                awaitBootstrapped(producer, Instant.now().plus(options.duration()));
            }
            say("fallback: the history's 10 most engaged objects for each of "
                    + DemoTradeOff.publishFallback(log, window.cutTime(), config)
                    + " ARPU segments, written where the ad server's reader finds them");
            Instant deadline = Instant.now().plus(options.duration());
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> producer.replay(
                    log, window.skip(), window.replay(), deadline, options.rate(), options.malformedEvery()));
            awaitDrained(producer, replay, deadline.plus(DRAIN_GRACE));
            replay.join();
            Thread.sleep(LiveRecallScorer.servedGraceMillis() + 500); // the last clicks' served scores
            job.cancel().get();
            DemoSummary summary = DemoFigures.summarise(options, log, producer,
                    Duration.ofNanos(System.nanoTime() - started));
            say("trade-off simulator on the same log, rules and cut ...");
            DemoTradeOff.compare(summary, log, window.cutTime(), options.rules(), config);
            DemoArms.add(summary);
            return summary;
        }
    }

    private static Configuration jobConfig(EmbeddedKafkaBroker kafka, EmbeddedRedisServer redis,
                                           Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
        settings.put(JobOptions.CHECKPOINT_INTERVAL.key(), "5 s");
        settings.put("redis.host", redis.host());
        settings.put("redis.port", Integer.toString(redis.port()));
        settings.put("metrics.reporter.demo.factory.class", CounterSnapshotReporter.Factory.class.getName());
        return Configuration.fromMap(settings);
    }

    /**
     * Goes live only once the job has taken in the whole history, as an ops go-live would: a replay sent behind an
     * unread history reaches the job as one burst at its full speed (every user's first sight at once), which no
     * real go-live after a bootstrap sees and the event-time simulator does not model.
     */
    private static void awaitBootstrapped(EventProducer producer, Instant deadline) throws InterruptedException {
        // every record sent read, and every accepted one through the user operator (a duplicate in the history
        // is processed but not bootstrapped, so the bootstrap count alone could wait for ever)
        while ((value(JobMetrics.RECORDS_READ) < producer.sent()
                || value(JobMetrics.SIGNALS_PROCESSED) < value(JobMetrics.RECORDS_ACCEPTED))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        say("bootstrap: " + value(JobMetrics.BEHAVIOURS_BOOTSTRAPPED) + " of " + producer.historySent()
                + " history behaviours in state; going live");
    }

    /**
     * Waits until every record sent has been read, every accepted one has reached its user, every
     * request has been admitted or shed and then answered (or shed for the top-tier reserve) and stored; or until
     * the deadline.
     */
    private static void awaitDrained(EventProducer producer, CompletableFuture<Void> replay, Instant deadline)
            throws InterruptedException {
        long lastProgress = 0;
        int drainedPolls = 0;
        while (Instant.now().isBefore(deadline)) {
            drainedPolls = drained(producer, replay) ? drainedPolls + 1 : 0;
            if (drainedPolls >= 5) {
                progress(producer);
                return;
            }
            if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
                progress(producer);
                lastProgress = System.nanoTime();
            }
            Thread.sleep(100);
        }
        say("deadline reached before the pipeline drained; summarising what was processed");
    }

    private static boolean drained(EventProducer producer, CompletableFuture<Void> replay) {
        return replay.isDone()
                && value(JobMetrics.RECORDS_READ) >= producer.sent()
                && value(JobMetrics.SIGNALS_PROCESSED) >= value(JobMetrics.RECORDS_ACCEPTED)
                && value(JobMetrics.BUDGET_ADMITTED) + value(JobMetrics.BUDGET_SHED) >= value(JobMetrics.RECALL_REQUESTS)
                && DemoFigures.answered() + value(JobMetrics.INFERENCE_SHED_SATURATED) >= value(JobMetrics.BUDGET_ADMITTED)
                && DemoFigures.stored() >= value(JobMetrics.INFERENCE_SUCCEEDED)
                && value(JobMetrics.TRACES_STORED) + value(JobMetrics.TRACES_DROPPED) >= value(JobMetrics.REQUESTS_TRACED);
    }

    private static long value(String counter) {
        return CounterSnapshotReporter.value(counter);
    }

    private static void progress(EventProducer producer) {
        say(String.format("sent %d | read %d | dead-lettered %d | users %d | recall requests %d | recalls written %d",
                producer.sent(), CounterSnapshotReporter.value(JobMetrics.RECORDS_READ),
                CounterSnapshotReporter.value(JobMetrics.RECORDS_DEAD_LETTERED),
                CounterSnapshotReporter.value(JobMetrics.USERS_CREATED),
                CounterSnapshotReporter.value(JobMetrics.RECALL_REQUESTS),
                CounterSnapshotReporter.value(JobMetrics.RECALLS_WRITTEN)));
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }
}
