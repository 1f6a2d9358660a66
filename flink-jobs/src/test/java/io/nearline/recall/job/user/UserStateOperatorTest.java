package io.nearline.recall.job.user;

import static io.nearline.recall.job.user.UserSequenceFunctionTest.DEFAULT_RULES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.job.StateExpiry;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The user operator's cache on RocksDB: a checkpoint holds every change the cache held, evicted users are written
 * as they go, and what is written is read back by a job without the cache.
 */
class UserStateOperatorTest {

    private static final Duration TTL = Duration.ofDays(1);

    private static UserSequenceFunctionTest.Harness harness(int cacheUsers, StateBackend backend,
                                                            OperatorSubtaskState restoreFrom) throws Exception {
        var function = new UserSequenceFunction(RulesInForce.fixed(new EveryNthBehaviourPolicy(1000), DEFAULT_RULES),
                PromptRendering.of(Map.of()), "rules-topic", 10, TTL);
        var harness = new UserSequenceFunctionTest.Harness(new UserStateOperator(function, List.of(RulesBroadcast.STATE),
                cacheUsers), signal -> signal.userId, Types.STRING, 1, 1, 0);
        harness.setStateBackend(backend);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static StreamRecord<UserSignal> behaviour(String user, String eventId, long time) {
        return new StreamRecord<>(UserSignal.of(BehaviourEvent.newBuilder().setEventId(eventId).setUserId(user)
                .setObjectId("m" + time % 7).setAction(Action.CLICK).setDomain(Domain.AD)
                .setEventTime(Instant.ofEpochMilli(time)).build()));
    }

    /** The user's state in the backend itself, not in the cache. */
    private static UserState stored(UserSequenceFunctionTest.Harness h, String user) throws Exception {
        return UserSequenceFunctionTest.stateOf(h, user, TTL);
    }

    @Test
    void aCheckpoint_holdsWhatTheCacheChanged_andAJobWithoutTheCacheReadsIt() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness(100, new EmbeddedRocksDBStateBackend(), null)) {
            assertTrue(((UserStateOperator) h.getOperator()).cachesUsers());
            h.processElement(behaviour("u1", "a", 1000));
            h.processElement(behaviour("u1", "b", 2000));
            h.processElement(behaviour("u2", "c", 1500));
            assertNull(stored(h, "u1"), "a cached user's change is not written at once");
            checkpoint = h.snapshot(1L, 3000L);
            assertEquals(2, stored(h, "u1").recent.behavioursSeen, "written before the snapshot");
            h.processElement(behaviour("u1", "d", 4000));
        }
        try (var restored = harness(0, new EmbeddedRocksDBStateBackend(), checkpoint)) {
            assertFalse(((UserStateOperator) restored.getOperator()).cachesUsers());
            assertEquals(List.of("a", "b"), stored(restored, "u1").recent.ids(), "the checkpoint's, not what followed");
            assertEquals(List.of("c"), stored(restored, "u2").recent.ids());
            restored.processElement(behaviour("u1", "b", 2000));
            assertEquals(2, stored(restored, "u1").recent.behavioursSeen, "a replay after the restore is a duplicate");
        }
    }

    @Test
    void anEvictedUser_isWrittenAsItLeaves_andReadBackWhenSeenAgain() throws Exception {
        try (var h = harness(1, new EmbeddedRocksDBStateBackend(), null)) {
            h.processElement(behaviour("u1", "a", 1000));
            h.processElement(behaviour("u2", "b", 1000));
            assertEquals(List.of("a"), stored(h, "u1").recent.ids(), "u1 left the cache of one and was written");
            assertNull(stored(h, "u2"), "u2 is the one cached");
            h.processElement(behaviour("u1", "a", 1000));
            h.processElement(behaviour("u1", "c", 2000));
            OperatorSubtaskState checkpoint = h.snapshot(1L, 3000L);
            try (var restored = harness(1, new EmbeddedRocksDBStateBackend(), checkpoint)) {
                assertEquals(List.of("a", "c"), stored(restored, "u1").recent.ids(), "the replay of a was a duplicate");
                assertEquals(2, stored(restored, "u1").recent.behavioursSeen);
                assertEquals(List.of("b"), stored(restored, "u2").recent.ids());
            }
        }
    }

    @Test
    void aFreshJob_looksUpNoOlderLayout_butOneRestoredWithThem_takesItsUsersOver() throws Exception {
        try (var fresh = harness(100, new EmbeddedRocksDBStateBackend(), null)) {
            assertFalse(((UserStateOperator) fresh.getOperator()).takesOverOlderLayouts());
        }
        OperatorSubtaskState savepoint;
        try (var old = UserSequenceFunctionTest.unopened(RulesInForce.fixed(new EveryNthBehaviourPolicy(1000),
                DEFAULT_RULES), 10, TTL)) {
            old.setStateBackend(new EmbeddedRocksDBStateBackend());
            old.open();
            RecentBehaviours sequence = new RecentBehaviours();
            BehaviourSequence.insert(sequence, "old", 500, 10);
            sequence.behavioursSeen = 7;
            UserSequenceFunctionTest.partOf(old, SplitUserState.recentDescriptor(StateExpiry.of(TTL).config()))
                    .update(sequence);
            savepoint = old.snapshot(1L, 1000L);
        }
        try (var restored = harness(100, new EmbeddedRocksDBStateBackend(), savepoint)) {
            assertTrue(((UserStateOperator) restored.getOperator()).takesOverOlderLayouts());
            restored.processElement(behaviour("u1", "old", 500));
            restored.processElement(behaviour("u1", "new", 1000));
            restored.processElement(behaviour("u2", "other", 1000));
            restored.snapshot(2L, 2000L);
            assertEquals(List.of("old", "new"), stored(restored, "u1").recent.ids(), "the replay was a duplicate");
            assertEquals(8, stored(restored, "u1").recent.behavioursSeen, "the old count goes on");
            assertEquals(1, stored(restored, "u2").recent.behavioursSeen, "a new user is new");
        }
    }

    @Test
    void onTheHeap_theCacheIsNotUsed() throws Exception {
        try (var h = harness(100, new HashMapStateBackend(), null)) {
            assertFalse(((UserStateOperator) h.getOperator()).cachesUsers());
            h.processElement(behaviour("u1", "a", 1000));
            assertEquals(List.of("a"), stored(h, "u1").recent.ids(), "written at once");
        }
    }
}
