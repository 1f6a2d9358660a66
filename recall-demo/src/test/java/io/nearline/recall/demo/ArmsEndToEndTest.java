package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.trace.TraceReader;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.Experiment;
import io.nearline.recall.tiering.RulesText;
import io.nearline.recall.tiering.TriggerRulesParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two arms at once on real parts (broker, redis-server, MiniCluster, the local inference server): half the users
 * search the job's beam width, half only {@value #NARROW_BEAMS} beams. Every request, stored recall and trace carries
 * the arm the hash gives its user, the narrow arm's calls reach the server narrow, each arm's counters add up to the
 * job's totals, and the users split as the shares say.
 */
class ArmsEndToEndTest {

    private static final int NARROW_BEAMS = 4;
    private static final Set<String> ARMS = Set.of("control", "narrow");
    private static final String RULES = RulesText.load("builtin:default-rules.yaml").replace("version: \"default-1\"",
            "version: \"arms-e2e\"") + """

            arms:
              - name: control
                share: 0.5
              - name: narrow
                share: 0.5
                beamWidth: %d
                returnedSequences: %d
            """.formatted(NARROW_BEAMS, NARROW_BEAMS);

    @Test
    void eachUsersRecallsTracesAndMetricsCarryTheirArm_andTheSharesHold(@TempDir Path dir) throws Exception {
        Experiment experiment = TriggerRulesParser.parse(RULES).rules().experiment();
        Path rules = Files.writeString(dir.resolve("two-arms.yaml"), RULES);
        GenerativeJobRun run = new GenerativeJobRun(60_000, 6000);
        CollectingSink<RecallRequest> tap = new CollectingSink<>();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             EmbeddedRedisServer redis = EmbeddedRedisServer.start();
             TestEvents producer = new TestEvents(kafka.bootstrapServers())) {
            GenerativeJobRun.prepareTopics(kafka);
            kafka.createTopics(1, List.of(JobOptions.TRACE_TOPIC.defaultValue()), List.of());
            try (DemoRecallStack stack = DemoRecallStack.prepare(run.log, run.cut, false, kafka, "marketing-objects")) {
                JobClient job = GenerativeJobRun.startTraced(kafka, stack, redis.host(), redis.port(), Map.of(
                        JobOptions.RULES_INITIAL.key(), rules.toString(),
                        JobOptions.TRACE_SAMPLE_RATE.key(), "0.3",
                        TraceStoreOptions.MAX_PER_USER.key(), "1000"), "arms-e2e", tap);
                try {
                    GenerativeJobRun.send(producer, run.events.subList(run.history, run.events.size()));
                    GenerativeJobRun.await(() -> GenerativeJobRun.settledWithTraces(50),
                            "every request ended, stored and traced",
                            Duration.ofSeconds(120));
                } finally {
                    GenerativeJobRun.stop(job);
                }
            }

            Set<String> users = new TreeSet<>();
            for (RecallRequest request : tap.collected()) {
                assertEquals(experiment.armOf(request.userId).name(), request.arm, "request " + request.requestId);
                users.add(request.userId);
            }
            assertSharesHold(experiment, users);

            RecallStoreOptions connection = RecallStoreOptions.builder().host(redis.host()).port(redis.port()).build();
            int wide = 0;
            try (RecallReader recalls = new RecallReader(connection);
                 TraceReader traces = new TraceReader(connection, TraceStoreOptions.defaults())) {
                for (String user : users) {
                    RecallLookup stored = recalls.read(user);
                    if (!stored.isFound()) {
                        continue;
                    }
                    String arm = experiment.armOf(user).name();
                    assertEquals(arm, stored.recall().arm(), "the stored recall of " + user);
                    if (arm.equals("narrow")) {
                        assertTrue(stored.objects().size() <= NARROW_BEAMS, "a narrow call returns at most "
                                + NARROW_BEAMS + " beams: " + stored.objects());
                    } else if (stored.objects().size() > NARROW_BEAMS) {
                        wide++;
                    }
                }
                assertTrue(wide > 0, "control recalls are wider than the narrow arm's, so the bound above can fail");
                int traced = 0;
                for (TraceReader.TracedUser user : traces.users(10_000)) {
                    for (RecallTrace trace : traces.traces(user.userId()).traces()) {
                        assertEquals(experiment.armOf(trace.getUserId()).name(), trace.getArm(), trace.getRequestId());
                        traced++;
                    }
                }
                assertEquals(GenerativeJobRun.value(JobMetrics.REQUESTS_TRACED), traced);
            }

            assertTrue(ARMS.containsAll(CounterSnapshotReporter.arms()), "arms counted: " + CounterSnapshotReporter.arms());
            assertTrue(CounterSnapshotReporter.prometheusNames().contains(ArmCounters.prometheusName(JobMetrics.RECALL_REQUESTS)),
                    "Prometheus names the per-arm counter without the arm, which is its label: "
                            + CounterSnapshotReporter.prometheusNames());
            for (String counter : new String[] {JobMetrics.RECALL_REQUESTS, JobMetrics.INFERENCE_SUCCEEDED,
                    JobMetrics.INFERENCE_FAILED, JobMetrics.INFERENCE_TIMED_OUT, JobMetrics.RECALLS_WRITTEN,
                    JobMetrics.LIVE_SCORED, JobMetrics.LIVE_HITS_AT_10, JobMetrics.SERVED_TARGETS,
                    JobMetrics.SERVED_HITS_AT_10, JobMetrics.FIRST_TARGETS, JobMetrics.FIRST_COVERED}) {
                assertEquals(GenerativeJobRun.value(counter), armSum(counter), "the arms' " + counter + " add up");
            }
            assertTrue(armSum(JobMetrics.INFERENCE_CALLS) <= GenerativeJobRun.value(JobMetrics.BUDGET_ADMITTED),
                    "only admitted requests are calls");
            for (String arm : ARMS) {
                assertEquals(CounterSnapshotReporter.armValue(arm, JobMetrics.INFERENCE_CALLS),
                        CounterSnapshotReporter.armValue(arm, JobMetrics.INFERENCE_SUCCEEDED)
                                + CounterSnapshotReporter.armValue(arm, JobMetrics.INFERENCE_FAILED)
                                + CounterSnapshotReporter.armValue(arm, JobMetrics.INFERENCE_TIMED_OUT),
                        "every call of " + arm + " ends once, in its arm");
            }
            // the tap sees the admitted requests; on a loaded machine the budget sheds some of the others
            assertEquals(GenerativeJobRun.value(JobMetrics.BUDGET_ADMITTED), tap.collected().size(),
                    "the tap holds every request the budget admitted");
            for (String arm : ARMS) {
                assertTrue(CounterSnapshotReporter.armValue(arm, JobMetrics.RECALLS_WRITTEN) > 0, arm + " wrote recalls");
            }
        }
    }

    /**
     * The users of each arm are a binomial draw from the users seen (the hash is the coin): each arm's count lies
     * within four standard deviations of its share, which a fair split misses about once in 16,000 runs.
     */
    private static void assertSharesHold(Experiment experiment, Set<String> users) {
        int n = users.size();
        assertTrue(n >= 100, "enough users to judge the split: " + n);
        for (var arm : experiment.arms()) {
            long observed = users.stream().filter(u -> experiment.armOf(u).name().equals(arm.name())).count();
            double sigma = Math.sqrt(n * arm.share() * (1 - arm.share()));
            assertTrue(Math.abs(observed - n * arm.share()) <= 4 * sigma,
                    arm.name() + ": " + observed + " of " + n + " users, expected " + n * arm.share() + " +- " + 4 * sigma);
        }
    }

    private static long armSum(String counter) {
        return ARMS.stream().mapToLong(arm -> CounterSnapshotReporter.armValue(arm, counter)).sum();
    }
}
