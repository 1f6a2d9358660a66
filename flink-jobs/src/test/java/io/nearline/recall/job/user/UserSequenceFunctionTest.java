package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class UserSequenceFunctionTest {

    private static int next;

    static UserSignal behaviour(String user, long time, Action action) {
        return UserSignal.of(BehaviourEvent.newBuilder().setEventId("e" + next++).setUserId(user)
                .setObjectId("m" + (time % 7)).setAction(action).setDomain(Domain.AD)
                .setEventTime(Instant.ofEpochMilli(time)).build());
    }

    static KeyedOneInputStreamOperatorTestHarness<String, UserSignal, RecallRequest> harness(
            int every, int maxLength, Duration ttl) throws Exception {
        var function = new UserSequenceFunction(new EveryNthBehaviourPolicy(every), maxLength, ttl);
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), signal -> signal.userId, Types.STRING);
        harness.open();
        return harness;
    }

    private static List<RecallRequest> requests(KeyedOneInputStreamOperatorTestHarness<String, UserSignal, RecallRequest> h) {
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
    void theSequenceInARequest_isBoundedAndTimeOrdered() throws Exception {
        try (var h = harness(7, 4, Duration.ofDays(1))) {
            long[] times = {5000, 1000, 3000, 2000, 8000, 7000, 6000, 4000};
            for (long time : times) {
                h.processElement(new StreamRecord<>(behaviour("u1", time, Action.CLICK)));
            }
            // the 4000 arrives when the sequence is full of newer behaviours: too old to keep or count
            RecallRequest request = requests(h).get(0);
            assertEquals(1, requests(h).size());
            assertEquals(List.of(5000L, 6000L, 7000L, 8000L),
                    request.behaviours.stream().map(e -> e.eventTime).toList());
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
        var function = new UserSequenceFunction(new EveryNthBehaviourPolicy(3), 10, Duration.ofDays(1));
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), (UserSignal s) -> s.userId, Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(new StreamRecord<>(behaviour("u1", 3000, Action.CLICK)));
            RecallRequest request = requests(restored).get(0);
            assertEquals(3L, request.behavioursSeen);
            assertEquals(3, request.behaviours.size());
        }
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
}
