package io.nearline.recall.demo;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.job.trace.TraceStoreSink;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.testing.Await;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the end-to-end tests of the generative path share: a generated log split into history and a live
 * part, and the job on a MiniCluster wired to the real broker, the local inference server and Redis,
 * firing on every fifth behaviour, with its counters read through {@link CounterSnapshotReporter}.
 */
final class GenerativeJobRun {

    final BehaviourLog log;
    final List<BehaviourEvent> events = new ArrayList<>();
    /** Index of the first live behaviour; those before it are history. */
    final int history;
    final long cut;

    GenerativeJobRun(int totalEvents, int liveEvents) {
        log = BehaviourLogs.open("generator", BehaviourLogOptions.builder()
                .users(300).categories(20).objects(1000).events(totalEvents).build()
                .withRebaseEndTime(Instant.now()));
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            events.add(it.next());
        }
        history = events.size() - liveEvents;
        cut = events.get(history).getEventTime().toEpochMilli();
    }

    static void prepareTopics(EmbeddedKafkaBroker kafka) {
        kafka.createTopics(2, List.of("behaviour-events", "profile-updates"), List.of());
        kafka.createTopics(1, List.of("marketing-objects"), List.of("marketing-objects"));
    }

    /** Starts the job; {@code extra} settings override the defaults of these tests. */
    static JobClient start(EmbeddedKafkaBroker kafka, DemoRecallStack stack, String redisHost, int redisPort,
                           Map<String, String> extra, String name) throws Exception {
        return start(kafka, stack, redisHost, redisPort, extra, name, job -> { });
    }

    /** As above, traced: traces to the trace topic and the trace store, every admitted request also to {@code tap}. */
    static JobClient startTraced(EmbeddedKafkaBroker kafka, DemoRecallStack stack, String redisHost, int redisPort,
                                 Map<String, String> extra, String name, CollectingSink<RecallRequest> tap)
            throws Exception {
        return start(kafka, stack, redisHost, redisPort, extra, name, job -> {
            Configuration config = Configuration.fromMap(job.settings());
            job.builder().traceTopic(KafkaConnections.traceSink(config)).traceStore(TraceStoreSink.from(config))
                    .requestTap(tap);
        });
    }

    /** What a test adds to the job before it is built. */
    interface Extension {
        void extend(Wiring job);
    }

    /** The builder and the settings it was made with. */
    record Wiring(NearlineRecallJob.Builder builder, Map<String, String> settings) {}

    private static JobClient start(EmbeddedKafkaBroker kafka, DemoRecallStack stack, String redisHost, int redisPort,
                                   Map<String, String> extra, String name, Extension extension) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
        settings.put(JobOptions.SEMANTIC_IDS_DIR.key(), stack.idsDirectory.toString());
        settings.put("triton.target", stack.target());
        // generous: on a loaded 2-core machine a search can queue for seconds; these tests are about wiring and outages
        settings.put("triton.deadline", "5000");
        settings.put(JobOptions.INFERENCE_TIMEOUT.key(), "10 s");
        settings.put("redis.host", redisHost);
        settings.put("redis.port", Integer.toString(redisPort));
        settings.put("metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName());
        settings.putAll(extra);
        Configuration config = Configuration.fromMap(settings);
        CounterSnapshotReporter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        if (extra.containsKey(JobOptions.CHECKPOINT_INTERVAL.key())) {
            env.enableCheckpointing(config.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        }
        NearlineRecallJob.Builder job = NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .triggerPolicy(new EveryNthBehaviourPolicy(5))
                .deadLetters(new CollectingSink<>())
                .catalogueUpdates(KafkaConnections.catalogueSource(config), KafkaConnections.catalogueEnd(config))
                .recallService(NearlineRecallJob.recallServiceFrom(config))
                .recallStore(RecallStoreSink.from(config));
        extension.extend(new Wiring(job, settings));
        job.build().build(env);
        return env.executeAsync(name);
    }

    /** Cancels the job; one that ended already (a failure fails its MiniCluster) is reported with its cause. */
    static void stop(JobClient job) throws Exception {
        if (job.getJobExecutionResult().isDone()) {
            job.getJobExecutionResult().get(); // throws the job's failure
            return;
        }
        job.cancel().get();
    }

    static void send(TestEvents producer, List<BehaviourEvent> events) {
        for (BehaviourEvent event : events) {
            producer.send("behaviour-events", event);
        }
        producer.flush();
    }

    /**
     * More than {@code minRequests} requests, each admitted or shed by the budget; each admitted one answered,
     * failed, timed out or shed for the top-tier reserve; each answer stored; each traced request's trace stored.
     */
    static boolean settledWithTraces(long minRequests) {
        long requests = value(JobMetrics.RECALL_REQUESTS);
        long admitted = value(JobMetrics.BUDGET_ADMITTED);
        long ended = value(JobMetrics.INFERENCE_SUCCEEDED) + value(JobMetrics.INFERENCE_FAILED)
                + value(JobMetrics.INFERENCE_TIMED_OUT) + value(JobMetrics.INFERENCE_SHED_SATURATED);
        long stored = value(JobMetrics.RECALLS_WRITTEN) + value(JobMetrics.RECALLS_KEPT_NEWER);
        return requests > minRequests && admitted + value(JobMetrics.BUDGET_SHED) == requests && ended >= admitted
                && stored >= value(JobMetrics.INFERENCE_SUCCEEDED)
                && value(JobMetrics.TRACES_STORED) == value(JobMetrics.REQUESTS_TRACED);
    }

    static long value(String name) {
        return CounterSnapshotReporter.value(name);
    }

    static void await(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        Await.until(condition, () -> what + "; counters " + CounterSnapshotReporter.snapshot(), timeout,
                Duration.ofMillis(500));
    }
}
