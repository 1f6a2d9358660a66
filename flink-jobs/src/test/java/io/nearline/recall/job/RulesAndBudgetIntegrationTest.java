package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.testing.Await;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.RulesPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ops change the rules of a running job through the control topic; the GPU budget holds across instances. */
class RulesAndBudgetIntegrationTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    static String rules(String version, double requestsPerSecond, int burst, int queue, long maxWaitMs) {
        return "version: \"" + version + "\"\n"
                + "tiers:\n"
                + "  - name: bronze\n"
                + "    minArpu: 0\n"
                + "    fireAtGrade: 0\n"
                + "  - name: gold\n"
                + "    minArpu: 15\n"
                + "    fireAtGrade: 0\n"
                + "budget:\n"
                + "  requestsPerSecond: " + requestsPerSecond + "\n"
                + "  burst: " + burst + "\n"
                + "  queueCapacity: " + queue + "\n"
                + "  maxWaitMs: " + maxWaitMs + "\n";
    }

    private static JobClient start(String prefix, Path rulesFile, CollectingSink<RecallRequest> requests,
                                   CollectingSink<DeadLetter> deadLetters) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
        settings.put(JobOptions.BEHAVIOUR_TOPIC.key(), prefix + "-behaviours");
        settings.put(JobOptions.PROFILE_TOPIC.key(), prefix + "-profiles");
        settings.put(JobOptions.RULES_TOPIC.key(), prefix + "-rules");
        settings.put(JobOptions.KAFKA_GROUP_ID.key(), prefix);
        settings.put(JobOptions.RULES_INITIAL.key(), rulesFile.toString());
        settings.put("metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName());
        Configuration config = Configuration.fromMap(settings);
        kafka.createTopics(2, List.of(prefix + "-behaviours", prefix + "-profiles"), List.of());
        kafka.createTopics(1, List.of(prefix + "-rules"), List.of(prefix + "-rules"));
        CounterSnapshotReporter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .rulesUpdates(KafkaConnections.rulesSource(config))
                .deadLetters(deadLetters)
                .recallStore(new CollectingSink<>())
                .requestTap(requests)
                .build()
                .build(env);
        return env.executeAsync(prefix);
    }

    @Test
    void aRulesUpdate_isPickedUpByTheRunningJob_andABadOneIsRejectedWhileTheOldRulesKeepWorking(@TempDir Path dir)
            throws Exception {
        Path initial = Files.writeString(dir.resolve("rules.yaml"), rules("v1", 1000, 1000, 1000, 5000));
        CollectingSink<RecallRequest> requests = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        JobClient job = start("update", initial, requests, deadLetters);
        try (TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            int[] id = {0};
            Runnable behaviour = () -> {
                events.send("update-behaviours", TestEvents.behaviour("e" + id[0]++, "u" + (id[0] % 4), "m1",
                        Action.CLICK, Instant.now()));
                events.flush();
            };
            behaviour.run();
            await(() -> versions(requests).contains("v1"), "a request under the initial rules");

            // a producer that skips validation: the job itself must refuse it
            publishRules(events, "update-rules", "version: \"v-bad\"\ntiers:\n  - name: all\n    minArpu: -1\n");
            await(() -> !deadLetters.collected().isEmpty(), "the bad rules dead-lettered");
            DeadLetter letter = deadLetters.collected().get(0);
            assertEquals("BAD_RULES", letter.getReason());
            assertTrue(letter.getDetail().contains("line 4"), letter.getDetail());
            int before = requests.collected().size();
            behaviour.run();
            await(() -> requests.collected().size() > before, "a request after the bad update");
            assertEquals("v1", requests.collected().get(requests.collected().size() - 1).rulesVersion);

            // the ops CLI's publisher: validates, then sends to the control topic
            RulesPublisher.publish(rules("v2", 1000, 1000, 1000, 5000), kafka.bootstrapServers(), "update-rules");
            await(() -> {
                behaviour.run();
                return versions(requests).contains("v2");
            }, "a request under the published rules");
            assertTrue(!versions(requests).contains("v-bad"));
            assertEquals(1, CounterSnapshotReporter.value(JobMetrics.RULES_REJECTED) / 2,
                    "both instances rejected the bad update once");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aDebouncedFire_happensWhileTheRulesTopicIsQuiet_theControlInputHoldsNoEventTimeBack(@TempDir Path dir)
            throws Exception {
        // everyN 2 with a one-second debounce: the fire waits for an event-time timer, which only fires when the
        // watermark of every input of the trigger operator passes it, the rules topic's included
        String debounced = "version: \"debounced-1\"\ntiers:\n  - name: all\n    minArpu: 0\n    everyN: 2\n"
                + "    debounceMs: 1000\nbudget:\n  requestsPerSecond: 1000\n";
        Path initial = Files.writeString(dir.resolve("rules.yaml"), debounced);
        CollectingSink<RecallRequest> requests = new CollectingSink<>();
        JobClient job = start("debounce", initial, requests, new CollectingSink<>());
        try (TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            Instant t0 = Instant.now().minusSeconds(120);
            events.send("debounce-behaviours", TestEvents.behaviour("d1", "u1", "m1", Action.CLICK, t0));
            events.send("debounce-behaviours", TestEvents.behaviour("d2", "u1", "m2", Action.CLICK, t0.plusMillis(10)));
            // later behaviours of other users carry the watermark past the debounce (10 s out-of-orderness)
            for (int i = 0; i < 20; i++) {
                events.send("debounce-behaviours", TestEvents.behaviour("w" + i, "u" + (2 + i % 8), "m" + i,
                        Action.IMPRESSION, t0.plusSeconds(30 + i)));
            }
            events.flush();
            await(() -> requests.collected().stream().anyMatch(r -> r.userId.equals("u1")),
                    "u1's debounced fire, once the watermark passed its timer");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void theGpuBudget_holdsItsRateAcrossParallelInstances_underFiveTimesTheLoad_andShedsTheLowTierFirst(
            @TempDir Path dir) throws Exception {
        double budget = 40;
        Path initial = Files.writeString(dir.resolve("rules.yaml"), rules("budget-1", budget, 10, 40, 1000));
        CollectingSink<RecallRequest> requests = new CollectingSink<>();
        JobClient job = start("budget", initial, requests, new CollectingSink<>());
        try (TestEvents events = new TestEvents(kafka.bootstrapServers())) {
            for (int u = 0; u < 10; u++) {
                events.send("budget-profiles", profile("bronze" + u, 1.0));
                events.send("budget-profiles", profile("gold" + u, 50.0));
            }
            events.flush();
            await(() -> CounterSnapshotReporter.value(JobMetrics.SIGNALS_PROCESSED) >= 20, "profiles in state");

            // a steady load of 7.5 times the budget: each tick catches up with the schedule, however slow the tick
            long loadMillis = 5000;
            double offeredRate = 7.5 * budget;
            long start = System.currentTimeMillis();
            int sent = 0;
            long elapsed;
            while ((elapsed = System.currentTimeMillis() - start) < loadMillis) {
                while (2 * sent < offeredRate * elapsed / 1000.0) {
                    events.send("budget-behaviours", TestEvents.behaviour("g" + sent, "gold" + (sent % 10), "m1",
                            Action.CLICK, Instant.now()));
                    events.send("budget-behaviours", TestEvents.behaviour("b" + sent, "bronze" + (sent % 10), "m1",
                            Action.CLICK, Instant.now()));
                    sent++;
                }
                events.flush();
                Thread.sleep(20);
            }
            double offeredPerSecond = 2.0 * sent / (elapsed / 1000.0);
            int offered = 2 * sent;
            await(() -> CounterSnapshotReporter.value(JobMetrics.BUDGET_ADMITTED)
                    + CounterSnapshotReporter.value(JobMetrics.BUDGET_SHED) >= offered, "every request decided");

            List<RecallRequest> admitted = requests.collected();
            List<Long> times = admitted.stream().map(r -> r.admittedAt).sorted().toList();
            // past the initial burst, tokens are the only source of admissions
            List<Long> steady = times.subList(10, times.size());
            double rate = (steady.size() - 1) * 1000.0 / (steady.get(steady.size() - 1) - steady.get(0));
            assertTrue(offeredPerSecond >= 5 * budget, "offered " + offeredPerSecond + "/s");
            assertTrue(Math.abs(rate - budget) / budget <= 0.10, "admitted at " + rate + "/s against a budget of " + budget);

            long gold = admitted.stream().filter(r -> "gold".equals(r.tier)).count();
            long bronze = admitted.stream().filter(r -> "bronze".equals(r.tier)).count();
            assertTrue(gold >= 5 * bronze, "gold admitted " + gold + ", bronze admitted " + bronze);
        } finally {
            job.cancel().get();
        }
    }

    private static UserProfileUpdate profile(String user, double arpu) {
        return UserProfileUpdate.newBuilder().setUserId(user).setArpu(arpu).setUpdateTime(Instant.now()).build();
    }

    private static void publishRules(TestEvents events, String topic, String yaml) {
        events.sendRaw(topic, "rules", yaml.getBytes(StandardCharsets.UTF_8));
        events.flush();
    }

    private static List<String> versions(CollectingSink<RecallRequest> requests) {
        return requests.collected().stream().map(r -> r.rulesVersion).distinct().toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, () -> what, Duration.ofSeconds(60), Duration.ofMillis(100));
    }
}
