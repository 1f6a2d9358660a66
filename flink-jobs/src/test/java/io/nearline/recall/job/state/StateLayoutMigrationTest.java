package io.nearline.recall.job.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.StateExpiry;
import io.nearline.recall.job.user.BehaviourSequence;
import io.nearline.recall.job.user.RecentBehaviours;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.tiering.TriggerState;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * What a checkpoint of the state serializers records, and what a restore does with it: the same layout restores as
 * is, a savepoint's POJO state of the same class is migrated (on the heap and on RocksDB, through Flink's restore),
 * and anything else, a layout this job does not know included, is refused instead of misread.
 */
class StateLayoutMigrationTest {

    private static <T> TypeSerializerSnapshot<T> written(TypeSerializerSnapshot<T> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                StateLayoutMigrationTest.class.getClassLoader());
    }

    private static <T> TypeSerializerSnapshot<T> pojoSnapshot(Class<T> type) {
        return TypeInformation.of(type).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
    }

    @Test
    void theSameLayout_restoresAsIs() throws Exception {
        TypeSerializerSnapshot<PromptState> old = written(PromptStateSerializer.INSTANCE.snapshotConfiguration());
        assertTrue(new PromptStateSerializer.Snapshot().resolveSchemaCompatibility(old).isCompatibleAsIs());
        assertEquals(PromptStateSerializer.INSTANCE, old.restoreSerializer());
    }

    @Test
    void aLayoutThisJobDoesNotKnow_isRefused() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, new PromptStateSerializer.Snapshot());
        byte[] bytes = out.getCopyOfBuffer();
        bytes[bytes.length - 1] = (byte) (PromptStateSerializer.LAYOUT + 1); // the layout is the last int written
        TypeSerializerSnapshot<PromptState> newer = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(bytes), getClass().getClassLoader());
        assertTrue(new PromptStateSerializer.Snapshot().resolveSchemaCompatibility(newer).isIncompatible());
        IllegalStateException refused = assertThrows(IllegalStateException.class, newer::restoreSerializer);
        assertTrue(refused.getMessage().contains("layout 2"), refused.getMessage());
    }

    @Test
    void pojoStateOfTheSameClass_isMigrated_andOfAnotherClassOrSerializer_isRefused() {
        TypeSerializerSchemaCompatibility<PromptState> fromPojo =
                new PromptStateSerializer.Snapshot().resolveSchemaCompatibility(pojoSnapshot(PromptState.class));
        assertTrue(fromPojo.isCompatibleAfterMigration());
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<PromptState> otherPojo = (TypeSerializerSnapshot) pojoSnapshot(TriggerState.class);
        assertTrue(new PromptStateSerializer.Snapshot().resolveSchemaCompatibility(otherPojo).isIncompatible());
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<PromptState> strings = (TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration();
        assertTrue(new PromptStateSerializer.Snapshot().resolveSchemaCompatibility(strings).isIncompatible());
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<PromptState> trigger = (TypeSerializerSnapshot) new TriggerStateSerializer.Snapshot();
        assertTrue(new PromptStateSerializer.Snapshot().resolveSchemaCompatibility(trigger).isIncompatible());
    }

    @Test
    void avroProfileState_isMigrated() {
        TypeSerializerSnapshot<UserProfileUpdate> avro = TypeInformation.of(UserProfileUpdate.class)
                .createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
        assertTrue(new ProfileSerializer.Snapshot().resolveSchemaCompatibility(avro).isCompatibleAfterMigration());
    }

    @Test
    void aSavepointsPojoPromptState_isReadBackThroughTheNewSerializer_onTheHeap() throws Exception {
        assertMigrates(new HashMapStateBackend());
    }

    @Test
    void aSavepointsPojoPromptState_isReadBackThroughTheNewSerializer_onRocksDb() throws Exception {
        assertMigrates(new EmbeddedRocksDBStateBackend());
    }

    private static void assertMigrates(StateBackend backend) throws Exception {
        PromptState written = CompactSerializersTest.renderedPrompt();
        OperatorSubtaskState savepoint;
        try (var before = harness(new ValueStateDescriptor<>("prompt", PromptState.class), written, backend)) {
            before.open();
            before.processElement(new StreamRecord<>("u1"));
            savepoint = before.snapshot(1L, 1L);
        }
        try (var after = harness(new ValueStateDescriptor<>("prompt", PromptStateSerializer.INSTANCE), null, backend)) {
            after.initializeState(savepoint);
            after.open();
            after.processElement(new StreamRecord<>("u1"));
            List<PromptState> read = after.extractOutputValues();
            assertEquals(1, read.size());
            assertEquals(CompactSerializersTest.canonical(written), CompactSerializersTest.canonical(read.get(0)));
            // and written anew: a second restore, from a checkpoint of the migrated state, reads it as is
            OperatorSubtaskState again = after.snapshot(2L, 2L);
            try (var third = harness(new ValueStateDescriptor<>("prompt", PromptStateSerializer.INSTANCE), null,
                    backend)) {
                third.initializeState(again);
                third.open();
                third.processElement(new StreamRecord<>("u1"));
                assertEquals(written.prefixText, third.extractOutputValues().get(0).prefixText);
            }
        }
    }

    @Test
    void aSavepointsPojoSequence_isReadBackThroughTheNewSerializer_andWrittenAnew_onRocksDb() throws Exception {
        // the sequence as the POJO serializer of an older job wrote it: ids as strings
        RecentBehaviours written = new RecentBehaviours();
        written.eventIds = new String[] {"e-1", "é-2", "e-3"};
        written.eventTimes = new long[] {10, 20, 30};
        written.behavioursSeen = 9;
        OperatorSubtaskState savepoint;
        var backend = new EmbeddedRocksDBStateBackend();
        try (var before = harness(new ValueStateDescriptor<>("recent", RecentBehaviours.class), written, backend)) {
            before.open();
            before.processElement(new StreamRecord<>("u1"));
            savepoint = before.snapshot(1L, 1L);
        }
        OperatorSubtaskState again;
        try (var after = harness(new ValueStateDescriptor<>("recent", RecentBehavioursSerializer.INSTANCE), null,
                backend)) {
            after.initializeState(savepoint);
            after.open();
            after.processElement(new StreamRecord<>("u1"));
            RecentBehaviours read = after.extractOutputValues().get(0);
            assertEquals(List.of("e-1", "é-2", "e-3"), read.ids());
            assertEquals(9, read.behavioursSeen);
            assertEquals(BehaviourSequence.Insert.DUPLICATE, BehaviourSequence.insert(read, "é-2", 25, 10));
            again = after.snapshot(2L, 2L);
        }
        try (var third = harness(new ValueStateDescriptor<>("recent", RecentBehavioursSerializer.INSTANCE), null,
                backend)) {
            third.initializeState(again);
            third.open();
            third.processElement(new StreamRecord<>("u1"));
            assertEquals(List.of("e-1", "é-2", "e-3"), third.extractOutputValues().get(0).ids());
        }
    }

    private static <T> KeyedOneInputStreamOperatorTestHarness<String, String, T> harness(
            ValueStateDescriptor<T> descriptor, T toWrite, StateBackend backend) throws Exception {
        descriptor.enableTimeToLive(StateExpiry.of(Duration.ofDays(30)).config());
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StateKeeper<>(descriptor, toWrite)), user -> user, Types.STRING);
        harness.setStateBackend(backend);
        return harness;
    }

    /** Writes the given state for the user it is sent, or, given none, emits what the user's state holds. */
    private static final class StateKeeper<T> extends KeyedProcessFunction<String, String, T> {
        private final ValueStateDescriptor<T> descriptor;
        private final T toWrite;
        private transient ValueState<T> state;

        StateKeeper(ValueStateDescriptor<T> descriptor, T toWrite) {
            this.descriptor = descriptor;
            this.toWrite = toWrite;
        }

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(String user, Context ctx, Collector<T> out) throws Exception {
            if (toWrite != null) {
                state.update(toWrite);
            } else {
                out.collect(state.value());
            }
        }
    }
}
