package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TextDictionary;
import io.nearline.recall.tiering.TriggerState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Every type the job keeps in state is a Flink POJO whose serializer round-trips it (so checkpoints restore it). */
class StateTypesTest {

    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        TypeInformation<T> info = TypeInformation.of(type);
        assertInstanceOf(PojoTypeInfo.class, info, type + " must be a Flink POJO");
        TypeSerializer<T> serializer = info.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void aPromptState_survivesItsSerializerAndRendersTheSamePrompt() throws Exception {
        PromptMetrics metrics = new PromptMetrics();
        IncrementalPromptBuilder builder = IncrementalPromptBuilder.create(PromptOptions.defaults(),
                TextDictionary.fromClasspath(metrics), objectId -> Optional.of("<a_1><b_2><c_3><d_4>"), metrics);
        PromptState state = PromptState.forUser("u1");
        builder.updateProfile(state, Map.of("age_bucket", "age_25_34"));
        for (int i = 0; i < 5; i++) {
            builder.append(state, BehaviourEvent.newBuilder().setEventId("e" + i).setUserId("u1").setObjectId("m" + i)
                    .setAction(Action.CLICK).setDomain(Domain.AD).setEventTime(Instant.ofEpochSecond(1000 + i * 60)).build());
        }
        PromptState restored = roundTrip(PromptState.class, state);
        assertEquals(builder.render(state).text(), builder.render(restored).text());
    }

    @Test
    void triggerStateAndTheSequence_areFlinkPojos() throws Exception {
        TriggerState trigger = new TriggerState();
        trigger.behavioursSinceTrigger = 3;
        trigger.tier = "gold";
        assertEquals("gold", roundTrip(TriggerState.class, trigger).tier);
        SequenceEntry entry = new SequenceEntry();
        entry.eventId = "e1";
        entry.eventTime = 42;
        assertEquals(42, roundTrip(SequenceEntry.class, entry).eventTime);
        // the sequence as an older job's POJO serializer wrote it, ids as strings: what a savepoint migrates
        RecentBehaviours recent = new RecentBehaviours();
        recent.eventIds = new String[] {"e1", "e2"};
        recent.eventTimes = new long[] {42, 43};
        recent.behavioursSeen = 7;
        RecentBehaviours restored = roundTrip(RecentBehaviours.class, recent);
        assertEquals(List.of("e1", "e2"), restored.ids());
        assertEquals(43, restored.newestEventTime());
        assertEquals(7, restored.behavioursSeen);
        // and an encoded one survives the POJO serializer too (a harness copies what it is sent with it)
        BehaviourSequence.insert(restored, "e3", 44, 10);
        assertEquals(List.of("e1", "e2", "e3"), roundTrip(RecentBehaviours.class, restored).ids());
    }
}
