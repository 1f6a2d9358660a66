package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.ControlUpdate;
import io.nearline.recall.job.StateExpiry;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TextDictionary;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import io.nearline.recall.tiering.TriggerState;
import io.nearline.recall.tiering.RulesText;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class UserSequenceFunctionTest {

    private static int next;

    static UserSignal behaviour(String user, long time, Action action) {
        return UserSignal.of(BehaviourEvent.newBuilder().setEventId("e" + next++).setUserId(user)
                .setObjectId("m" + (time % 7)).setAction(action).setDomain(Domain.AD)
                .setEventTime(Instant.ofEpochMilli(time)).build());
    }

    static final String DEFAULT_RULES = RulesText.load("builtin:default-rules.yaml");

    static Harness harness(int every, int maxLength, Duration ttl) throws Exception {
        Harness harness = unopened(RulesInForce.fixed(new EveryNthBehaviourPolicy(every), DEFAULT_RULES), maxLength, ttl);
        harness.open();
        return harness;
    }

    static Harness unopened(RulesInForce rules, int maxLength, Duration ttl) throws Exception {
        var function = new UserSequenceFunction(rules, PromptRendering.of(Map.of()),
                "rules-topic", maxLength, ttl);
        return new Harness(new CoBroadcastWithKeyedOperator<>(function, List.of(RulesBroadcast.STATE)),
                signal -> signal.userId, Types.STRING, 1, 1, 0);
    }

    static Harness bootstrapping(int every, long bootstrapUntil) throws Exception {
        var function = new UserSequenceFunction(RulesInForce.fixed(new EveryNthBehaviourPolicy(every), DEFAULT_RULES),
                PromptRendering.of(Map.of()), "rules-topic", 50, Duration.ofDays(1),
                bootstrapUntil);
        Harness harness = new Harness(new CoBroadcastWithKeyedOperator<>(function, List.of(RulesBroadcast.STATE)),
                signal -> signal.userId, Types.STRING, 1, 1, 0);
        harness.open();
        return harness;
    }

    /** The operator under test with its keyed and broadcast inputs. */
    static final class Harness extends KeyedBroadcastOperatorTestHarness<String, UserSignal, ControlUpdate, RecallRequest> {
        Harness(CoBroadcastWithKeyedOperator<String, UserSignal, ControlUpdate, RecallRequest> operator,
                KeySelector<UserSignal, String> keys, TypeInformation<String> keyType, int maxParallelism,
                int parallelism, int subtask) throws Exception {
            super(operator, keys, keyType, maxParallelism, parallelism, subtask);
        }
    }

    /** The user's state as the state backend holds it (not a cache in front of it). */
    static UserState stateOf(Harness h, String user, Duration ttl) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(user);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                UserSequenceFunction.userDescriptor(StateExpiry.of(ttl).config())).value();
    }

    /** The user's sequence as the operator keeps it. */
    static RecentBehaviours sequenceOf(Harness h, String user, Duration ttl) throws Exception {
        UserState state = stateOf(h, user, ttl);
        return state == null ? null : state.recent;
    }

    private static List<RecallRequest> requests(Harness h) {
        return h.extractOutputValues();
    }

    @Test
    void everyThirdBehaviour_triggersARecallRequestForThatUser() throws Exception {
        try (var h = harness(3, 10, Duration.ofDays(1))) {
            for (int i = 1; i <= 7; i++) {
                h.processElement(new StreamRecord<>(behaviour("u1", i * 1000L, Action.CLICK)));
            }
            h.processElement(new StreamRecord<>(behaviour("u2", 500, Action.CLICK)));
            List<RecallRequest> out = requests(h);
            assertEquals(2, out.size());
            assertEquals(List.of(3L, 6L), out.stream().map(r -> r.behavioursSeen).toList());
            assertTrue(out.stream().allMatch(r -> r.userId.equals("u1")));
            assertEquals(6000L, out.get(1).eventTime);
            assertEquals("every-3", out.get(1).rulesVersion);
        }
    }

    @Test
    void behavioursBeforeTheBootstrapCut_buildStateButFireNothing() throws Exception {
        try (var h = bootstrapping(1, 10_000)) {
            for (int i = 1; i <= 9; i++) {
                h.processElement(new StreamRecord<>(behaviour("u1", i * 1000L, Action.CLICK)));
            }
            assertEquals(List.of(), requests(h), "history fires no trigger");

            h.processElement(new StreamRecord<>(behaviour("u1", 10_000, Action.CLICK)));
            List<RecallRequest> out = requests(h);
            assertEquals(1, out.size(), "the first live behaviour fires with the whole history behind it");
            assertEquals(10, out.get(0).behavioursSeen);
            assertEquals(10, sequenceOf(h, "u1", Duration.ofDays(1)).size());
        }
    }

    @Test
    void aBootstrapCutIsAnInstantOrEpochMillis_andAnythingElseNamesTheOption() {
        assertEquals(Bootstrap.NONE, Bootstrap.untilMillis(""));
        assertEquals(1_700_000_000_000L, Bootstrap.untilMillis("1700000000000"));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli(), Bootstrap.untilMillis("2026-12-01T00:00:00Z"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.untilMillis("yesterday"));
        assertTrue(e.getMessage().startsWith("bootstrap.until"), e.getMessage());
    }

    @Test
    void theSequenceInARequest_isBoundedAndTimeOrdered() throws Exception {
        try (var h = harness(7, 4, Duration.ofDays(1))) {
            long[] times = {5000, 1000, 3000, 2000, 8000, 7000, 6000, 4000};
            for (long time : times) {
                h.processElement(new StreamRecord<>(behaviour("u1", time, Action.CLICK)));
            }
            // the 4000 arrives when the sequence is full of newer behaviours: too old to keep or count
            RecallRequest request = requests(h).get(0);
            assertEquals(1, requests(h).size());
            assertEquals(8000L, request.eventTime, "the request reflects the newest behaviour");
            assertEquals(List.of(5000L, 6000L, 7000L, 8000L),
                    Arrays.stream(sequenceOf(h, "u1", Duration.ofDays(1)).eventTimes).boxed().toList());
        }
    }

    @Test
    void theLatestProfile_travelsWithTheRequest() throws Exception {
        try (var h = harness(1, 10, Duration.ofDays(1))) {
            h.processElement(new StreamRecord<>(UserSignal.of(UserProfileUpdate.newBuilder().setUserId("u1")
                    .setArpu(42.0).setAttributes(Map.of("gender", "f")).setUpdateTime(Instant.ofEpochMilli(10)).build())));
            h.processElement(new StreamRecord<>(UserSignal.of(UserProfileUpdate.newBuilder().setUserId("u1")
                    .setArpu(7.0).setUpdateTime(Instant.ofEpochMilli(5)).build())));
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            RecallRequest request = requests(h).get(0);
            assertEquals(42.0, request.arpu, "an older profile update must not replace a newer one");
            assertEquals("f", request.profileAttributes.get("gender"));
        }
    }

    @Test
    void aReplayedBehaviour_isNotCountedTwice() throws Exception {
        try (var h = harness(2, 10, Duration.ofDays(1))) {
            UserSignal signal = behaviour("u1", 1000, Action.CLICK);
            h.processElement(new StreamRecord<>(signal));
            h.processElement(new StreamRecord<>(signal));
            assertTrue(requests(h).isEmpty());
        }
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(3, 10, Duration.ofDays(1))) {
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            h.processElement(new StreamRecord<>(behaviour("u1", 2000, Action.CLICK)));
            snapshot = h.snapshot(1L, 2000L);
        }
        try (var restored = unopened(RulesInForce.fixed(new EveryNthBehaviourPolicy(3), DEFAULT_RULES), 10,
                Duration.ofDays(1))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            RecallRequest request = requests(restored).get(0);
            assertEquals(3L, request.behavioursSeen);
            assertEquals(3, sequenceOf(restored, "u1", Duration.ofDays(1)).size());
        }
    }

    @Test
    void aSequenceKeptInTheOlderLayout_isTakenOverWithItsCount() throws Exception {
        try (var h = harness(1, 10, Duration.ofDays(1))) {
            KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("u1");
            var ttl = StateExpiry.of(Duration.ofDays(1)).config();
            ListState<SequenceEntry> oldSequence = backend.getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, LegacySequence.sequenceDescriptor(ttl));
            ValueState<Long> oldSeen = backend.getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, LegacySequence.seenDescriptor(ttl));
            for (long time : new long[] {2000, 1000}) {
                SequenceEntry entry = new SequenceEntry();
                entry.eventId = "old-" + time;
                entry.eventTime = time;
                oldSequence.add(entry);
            }
            oldSeen.update(5L);

            UserSignal replay = UserSignal.of(BehaviourEvent.newBuilder(behaviour("u1", 2000, Action.CLICK).behaviour)
                    .setEventId("old-2000").build());
            h.processElement(new StreamRecord<>(replay));
            h.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            assertEquals(1, requests(h).size(), "the replay of an old event is a duplicate");
            RecallRequest request = requests(h).get(0);
            assertEquals(6L, request.behavioursSeen, "the old count goes on");
            RecentBehaviours sequence = sequenceOf(h, "u1", Duration.ofDays(1));
            assertEquals(3, sequence.size());
            assertEquals(List.of(1000L, 2000L, 3000L), Arrays.stream(sequence.eventTimes).boxed().toList());
            backend.setCurrentKey("u1");
            assertEquals(null, oldSeen.value(), "the older layout is cleared once taken over");
            assertTrue(!oldSequence.get().iterator().hasNext());
        }
    }

    @Test
    void aUsersStateKeptAsFourValues_isTakenOverWhole_fromASavepoint_onTheHeap() throws Exception {
        assertTakesOverFourValues(new HashMapStateBackend());
    }

    @Test
    void aUsersStateKeptAsFourValues_isTakenOverWhole_fromASavepoint_onRocksDb() throws Exception {
        assertTakesOverFourValues(new EmbeddedRocksDBStateBackend());
    }

    private static void assertTakesOverFourValues(StateBackend stateBackend) throws Exception {
        var ttl = StateExpiry.of(Duration.ofDays(1)).config();
        OperatorSubtaskState savepoint;
        try (var old = unopened(RulesInForce.fixed(new EveryNthBehaviourPolicy(2), DEFAULT_RULES), 10,
                Duration.ofDays(1))) {
            old.setStateBackend(stateBackend);
            old.open();
            KeyedStateBackend<String> backend = old.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("u1");
            RecentBehaviours sequence = new RecentBehaviours();
            BehaviourSequence.insert(sequence, "old-1000", 1000, 10);
            BehaviourSequence.insert(sequence, "old-2000", 2000, 10);
            sequence.behavioursSeen = 5;
            PromptMetrics metrics = new PromptMetrics();
            PromptState prompt = PromptState.forUser("u1");
            IncrementalPromptBuilder.create(PromptOptions.defaults(), TextDictionary.fromClasspath(metrics),
                    objectId -> Optional.empty(), metrics).append(prompt, BehaviourEvent.newBuilder()
                    .setEventId("old-2000").setUserId("u1").setObjectId("object-of-the-old-job").setAction(Action.CLICK)
                    .setDomain(Domain.AD).setEventTime(Instant.ofEpochMilli(2000)).build());
            TriggerState trigger = new TriggerState();
            trigger.behavioursSinceTrigger = 1;
            partOf(old, SplitUserState.recentDescriptor(ttl)).update(sequence);
            partOf(old, SplitUserState.promptDescriptor(ttl)).update(prompt);
            partOf(old, SplitUserState.triggerDescriptor(ttl)).update(trigger);
            partOf(old, SplitUserState.profileDescriptor(ttl)).update(UserProfileUpdate.newBuilder().setUserId("u1")
                    .setArpu(42.0).setAttributes(Map.of("gender", "f")).setUpdateTime(Instant.ofEpochMilli(10)).build());
            savepoint = old.snapshot(1L, 2000L);
        }
        try (var h = unopened(RulesInForce.fixed(new EveryNthBehaviourPolicy(2), DEFAULT_RULES), 10,
                Duration.ofDays(1))) {
            h.setStateBackend(stateBackend);
            h.initializeState(savepoint);
            h.open();
            UserSignal replay = UserSignal.of(BehaviourEvent.newBuilder(behaviour("u1", 2000, Action.CLICK).behaviour)
                    .setEventId("old-2000").build());
            h.processElement(new StreamRecord<>(replay));
            h.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            assertEquals(1, requests(h).size(), "the replay is a duplicate; the old trigger count goes on to 2 of 2");
            RecallRequest request = requests(h).get(0);
            assertEquals(6L, request.behavioursSeen, "the old count goes on");
            assertEquals(42.0, request.arpu, "the old profile");
            assertEquals("f", request.profileAttributes.get("gender"));
            assertTrue(request.prompt.contains("object-of-the-old-job"), "the old prompt state: " + request.prompt);
            assertEquals(List.of(1000L, 2000L, 3000L),
                    Arrays.stream(sequenceOf(h, "u1", Duration.ofDays(1)).eventTimes).boxed().toList());
            assertEquals(null, partOf(h, SplitUserState.recentDescriptor(ttl)).value(), "the four are cleared");
            assertEquals(null, partOf(h, SplitUserState.promptDescriptor(ttl)).value());
            assertEquals(null, partOf(h, SplitUserState.triggerDescriptor(ttl)).value());
            assertEquals(null, partOf(h, SplitUserState.profileDescriptor(ttl)).value());
        }
    }

    /** User u1's value of {@code descriptor}, one of the older layout's four. */
    static <T> ValueState<T> partOf(Harness h, ValueStateDescriptor<T> descriptor) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey("u1");
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }

    @Test
    void anIdleUsersState_expiresAfterItsTtl() throws Exception {
        try (var h = harness(2, 10, Duration.ofSeconds(60))) {
            h.setStateTtlProcessingTime(0);
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            h.setStateTtlProcessingTime(61_000);
            h.processElement(new StreamRecord<>(behaviour("u1", 2000, Action.CLICK)));
            assertTrue(requests(h).isEmpty(), "the first behaviour expired, so only one is counted");
            h.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            assertEquals(2L, requests(h).get(0).behavioursSeen);
        }
    }

    static String rules(String version, int fireAtGrade, int everyN, long debounceMs) {
        return "version: \"" + version + "\"\n"
                + "tiers:\n"
                + "  - name: all\n"
                + "    minArpu: 0\n"
                + "    fireAtGrade: " + fireAtGrade + "\n"
                + "    everyN: " + everyN + "\n"
                + "    debounceMs: " + debounceMs + "\n"
                + "budget:\n"
                + "  requestsPerSecond: 1000\n"
                + "  burst: 1000\n"
                + "  queueCapacity: 1000\n"
                + "  maxWaitMs: 1000\n";
    }

    @Test
    void aValidRulesUpdate_governsTheRequestsThatFollowIt() throws Exception {
        try (var h = unopened(RulesInForce.updatable(rules("v1", 0, 1, 0)), 10, Duration.ofDays(1))) {
            h.open();
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            h.processBroadcastElement(ControlUpdate.rules(rules("v2", 9, 2, 0)), 1500);
            h.processElement(new StreamRecord<>(behaviour("u1", 2000, Action.CLICK)));
            h.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            assertEquals(List.of("v1", "v2"), requests(h).stream().map(r -> r.rulesVersion).toList());
            assertEquals(List.of(1L, 3L), requests(h).stream().map(r -> r.behavioursSeen).toList());
            assertEquals("all", requests(h).get(0).tier);
        }
    }

    @Test
    void anInvalidRulesUpdate_isRejectedWithItsLine_andTheRulesInForceStay() throws Exception {
        try (var h = unopened(RulesInForce.updatable(rules("v1", 0, 1, 0)), 10, Duration.ofDays(1))) {
            h.open();
            h.processBroadcastElement(ControlUpdate.rules("version: \"v2\"\ntiers:\n  - name: all\n    minArpu: -5\n    everyN: 0\n"), 10);
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            assertEquals("v1", requests(h).get(0).rulesVersion);
            var rejected = h.getSideOutput(RulesBroadcast.REJECTED);
            assertEquals(1, rejected.size());
            var letter = rejected.peek().getValue();
            assertEquals("BAD_RULES", letter.getReason());
            assertTrue(letter.getDetail().contains("line 4"), letter.getDetail());
            assertTrue(letter.getDetail().contains("v1 stays in force"), letter.getDetail());
        }
    }

    @Test
    void aDebouncedTrigger_firesWhenEventTimePassesTheQuietPeriod() throws Exception {
        try (var h = unopened(RulesInForce.updatable(rules("debounce", 9, 2, 5000)), 10, Duration.ofDays(1))) {
            h.open();
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            h.processElement(new StreamRecord<>(behaviour("u1", 2000, Action.CLICK)));
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(6999);
            assertTrue(requests(h).isEmpty(), "still inside the quiet period");
            h.processWatermark(7000);
            assertEquals(1, requests(h).size());
            assertEquals(2L, requests(h).get(0).behavioursSeen);
        }
    }
    @Test
    void aDebouncedBurst_keepsOneTimer_andFiresOnceWhenTheUserIsQuiet() throws Exception {
        try (var h = unopened(RulesInForce.updatable(rules("debounce", 9, 2, 5000)), 10, Duration.ofDays(1))) {
            h.open();
            for (long t = 1000; t <= 5000; t += 1000) { // due at the second, each later one moves the wake-up
                h.processElement(new StreamRecord<>(behaviour("u1", t, Action.CLICK)));
            }
            assertEquals(1, h.numEventTimeTimers(), "the first wait's timer stands for the burst");
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(7000);
            assertTrue(requests(h).isEmpty(), "the wake-up moved to 10000");
            assertEquals(1, h.numEventTimeTimers(), "set again at the wake-up");
            h.processWatermark(9999);
            assertTrue(requests(h).isEmpty(), "still inside the quiet period");
            h.processWatermark(10000);
            assertEquals(1, requests(h).size());
            assertEquals(5L, requests(h).get(0).behavioursSeen);
            assertEquals(0, h.numEventTimeTimers());
            h.processWatermark(60000);
            assertEquals(1, requests(h).size(), "one fire for the burst");
        }
    }

    static String twoArms(String version, double narrowShare) {
        return rules(version, 0, 1, 0) + "arms:\n"
                + "  - name: control\n    share: " + (1 - narrowShare) + "\n"
                + "  - name: narrow\n    share: " + narrowShare + "\n    beamWidth: 8\n    modelName: small\n";
    }

    @Test
    void eachRequestCarriesTheArmTheHashGivesItsUser_andTheArmsSettings() throws Exception {
        var experiment = io.nearline.recall.tiering.TriggerRulesParser.parse(twoArms("a1", 0.5)).rules().experiment();
        try (var h = unopened(RulesInForce.updatable(twoArms("a1", 0.5)), 10, Duration.ofDays(1))) {
            h.open();
            for (int u = 0; u < 40; u++) {
                h.processElement(new StreamRecord<>(behaviour("user-" + u, 1000, Action.CLICK)));
            }
            List<RecallRequest> out = requests(h);
            assertEquals(40, out.size());
            for (RecallRequest request : out) {
                assertEquals(experiment.armOf(request.userId).name(), request.arm, request.userId);
                assertEquals(request.arm.equals("narrow") ? 8 : 0, request.beamWidth);
                assertEquals(request.arm.equals("narrow") ? "small" : "", request.modelName);
            }
            assertTrue(out.stream().anyMatch(r -> r.arm.equals("narrow")) && out.stream().anyMatch(r -> r.arm.equals("control")));
        }
    }

    @Test
    void arms_changeWhileRunning_likeAnyRule() throws Exception {
        try (var h = unopened(RulesInForce.updatable(rules("v1", 0, 1, 0)), 10, Duration.ofDays(1))) {
            h.open();
            h.processElement(new StreamRecord<>(behaviour("u1", 1000, Action.CLICK)));
            h.processBroadcastElement(ControlUpdate.rules(twoArms("v2", 1.0).replace("share: 0.0", "share: 0")), 1500);
            h.processElement(new StreamRecord<>(behaviour("u1", 2000, Action.CLICK)));
            assertEquals(List.of("control", "control"), requests(h).stream().map(r -> r.arm).toList(),
                    "a zero share is rejected: the rules in force stay");
            h.processBroadcastElement(ControlUpdate.rules(rules("v3", 0, 1, 0)
                    + "arms:\n  - name: everyone\n    share: 1\n    beamWidth: 4\n"), 2500);
            h.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            assertEquals("everyone", requests(h).get(2).arm);
            assertEquals(4, requests(h).get(2).beamWidth);
            assertEquals(1, h.getSideOutput(RulesBroadcast.REJECTED).size());
        }
    }
}
