package io.nearline.recall.job.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.job.user.BehaviourSequence;
import io.nearline.recall.job.user.RecentBehaviours;
import io.nearline.recall.job.user.UserState;
import io.nearline.recall.prompt.BehaviourEntry;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TextDictionary;
import io.nearline.recall.tiering.TriggerState;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** The hand-written state serializers give back what they were given, field for field, nulls included. */
class CompactSerializersTest {

    static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws Exception {
        var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        return serializer.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(bytes(serializer, value)));
    }

    static PromptState renderedPrompt() {
        PromptMetrics metrics = new PromptMetrics();
        IncrementalPromptBuilder builder = IncrementalPromptBuilder.create(PromptOptions.defaults(),
                TextDictionary.fromClasspath(metrics), objectId -> Optional.of("<a_1><b_2><c_3><d_4>"), metrics);
        PromptState state = PromptState.forUser("u1");
        builder.updateProfile(state, Map.of("age_bucket", "age_25_34", "region", "région-é"));
        for (int i = 0; i < 40; i++) {
            builder.append(state, BehaviourEvent.newBuilder().setEventId("e" + i).setUserId("u1")
                    .setObjectId("m" + (i % 9)).setAction(i % 5 == 0 ? Action.CONVERSION : Action.CLICK)
                    .setDomain(i % 2 == 0 ? Domain.AD : Domain.CONTENT).setEcpm(i % 3 == 0 ? 1.5 * i : null)
                    .setAttributes(Map.of("category", "c" + (i % 4)))
                    .setEventTime(Instant.ofEpochSecond(1_700_000_000L + i * 60)).build());
        }
        return state;
    }

    @Test
    void aRenderedPromptState_comesBackFieldForField() throws Exception {
        PromptState state = renderedPrompt();
        PromptState restored = roundTrip(PromptStateSerializer.INSTANCE, state);
        assertTrue(state.prefixText != null && !state.recentText.isEmpty(), "the test state is rendered");
        assertEquals(state.prefixText, restored.prefixText);
        assertEquals(state.recentText, restored.recentText);
        assertEquals(state.profile, restored.profile);
        assertEquals(state.categoryCounts, restored.categoryCounts);
        assertEquals(state.prefixCounts, restored.prefixCounts);
        assertEquals(state.summaryCategories, restored.summaryCategories);
        assertEquals(state.promptTokens, restored.promptTokens);
        assertEquals(state.lastEventTime, restored.lastEventTime);
        assertEquals(state.prefixRenders, restored.prefixRenders);
        assertEquals(state.entryCount(), restored.entryCount());
        for (Domain domain : Domain.values()) {
            assertEntriesEqual(state.frozen(domain), restored.frozen(domain));
            assertEntriesEqual(state.recent(domain), restored.recent(domain));
        }
        assertEquals(canonical(state), canonical(restored));
    }

    /** Every field of the state, maps in key order (a map rebuilt on reading may iterate in another order). */
    static List<Object> canonical(PromptState s) {
        List<Object> entries = new java.util.ArrayList<>();
        for (List<BehaviourEntry> part : List.of(s.frozenAd, s.frozenContent, s.recentAd, s.recentContent)) {
            entries.add(part.stream().map(e -> Arrays.asList(e.objectId, e.semanticId, e.action, e.firstTime,
                    e.lastTime, e.count, e.repeats, e.converted, e.ecpm, e.category, new java.util.TreeMap<>(e.features)))
                    .toList());
        }
        return Arrays.asList(s.userId, new java.util.TreeMap<>(s.profile), entries,
                new java.util.TreeMap<>(s.categoryCounts), new java.util.TreeMap<>(s.prefixCounts), s.summaryCategories,
                s.summaryPrefixes, s.prefixText, s.prefixTokens, s.recentText, s.recentTokens, s.promptTokens,
                s.promptVersion, s.dictionaryVersion, s.semanticIdVersion, s.lastEventTime, s.entriesCut,
                s.prefixRenders);
    }

    private static void assertEntriesEqual(List<BehaviourEntry> expected, List<BehaviourEntry> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            BehaviourEntry e = expected.get(i);
            BehaviourEntry a = actual.get(i);
            assertEquals(List.of(e.objectId, String.valueOf(e.semanticId), e.action, e.firstTime, e.lastTime, e.count,
                            e.repeats, e.converted, String.valueOf(e.ecpm), String.valueOf(e.category), e.features),
                    List.of(a.objectId, String.valueOf(a.semanticId), a.action, a.firstTime, a.lastTime, a.count,
                            a.repeats, a.converted, String.valueOf(a.ecpm), String.valueOf(a.category), a.features));
        }
    }

    @Test
    void nullsAndEmptyParts_comeBackAsTheyWere() throws Exception {
        PromptState state = PromptState.forUser("u2");
        state.summaryPrefixes = null;
        BehaviourEntry entry = new BehaviourEntry();
        entry.firstTime = 5_000;
        entry.lastTime = 4_000; // a late behaviour folded in: a negative gap
        state.recentAd.add(entry);
        PromptState restored = roundTrip(PromptStateSerializer.INSTANCE, state);
        assertNull(restored.prefixText);
        assertNull(restored.summaryPrefixes);
        assertEquals(List.of(), restored.frozenAd);
        BehaviourEntry back = restored.recentAd.get(0);
        assertNull(back.objectId);
        assertNull(back.action);
        assertNull(back.ecpm);
        assertEquals(4_000, back.lastTime);
    }

    @Test
    void aTriggerState_comesBackFieldForField() throws Exception {
        TriggerState state = new TriggerState();
        state.behavioursSinceTrigger = 3;
        state.lastTriggerTime = 1_700_000_000_123L;
        state.triggersToday = 2;
        state.day = 19_700;
        state.smoothedArpu = 12.25;
        state.arpuUpdates = 4;
        state.lastArpuUpdateTime = 1_700_000_001_000L;
        state.tier = "gold";
        state.pendingGrade = 2;
        state.urgentPending = true;
        state.due = true;
        state.dueSince = 1_700_000_002_000L;
        state.lastBehaviourTime = 1_700_000_003_000L;
        state.wakeUpAt = -1;
        TriggerState back = roundTrip(TriggerStateSerializer.INSTANCE, state);
        assertEquals(List.of(3L, 1_700_000_000_123L, 2, 19_700L, 12.25, 4L, 1_700_000_001_000L, "gold", 2, true, true,
                        1_700_000_002_000L, 1_700_000_003_000L, -1L),
                List.of(back.behavioursSinceTrigger, back.lastTriggerTime, back.triggersToday, back.day,
                        back.smoothedArpu, back.arpuUpdates, back.lastArpuUpdateTime, back.tier, back.pendingGrade,
                        back.urgentPending, back.due, back.dueSince, back.lastBehaviourTime, back.wakeUpAt));
        assertNull(roundTrip(TriggerStateSerializer.INSTANCE, new TriggerState()).tier);
    }

    @Test
    void recentBehaviours_comeBackInOrder_andTheirTimesCostAFewBytesEach() throws Exception {
        RecentBehaviours recent = new RecentBehaviours();
        for (int i = 0; i < 200; i++) {
            BehaviourSequence.insert(recent, "event-" + i, 1_700_000_000_000L + i * 45_000L, 200);
        }
        BehaviourSequence.insert(recent, "same-time", recent.newestEventTime(), 201);
        recent.behavioursSeen = 1234;
        RecentBehaviours back = roundTrip(RecentBehavioursSerializer.INSTANCE, recent);
        assertEquals(recent.ids(), back.ids());
        assertArrayEquals(recent.eventTimes, back.eventTimes);
        assertEquals(1234, back.behavioursSeen);
        int idBytes = recent.ids().stream().mapToInt(id -> id.length() + 1).sum();
        int timeBytes = bytes(RecentBehavioursSerializer.INSTANCE, recent).length - idBytes;
        assertTrue(timeBytes < 4 * recent.size(), timeBytes + " bytes for " + recent.size() + " times");
        assertEquals(0, roundTrip(RecentBehavioursSerializer.INSTANCE, new RecentBehaviours()).size());
    }

    @Test
    void aProfile_comesBackEqual_withOrWithoutItsArpu() throws Exception {
        UserProfileUpdate profile = new UserProfileUpdate("u1", 12.5, Map.of("region", "région-é", "age_bucket", "a"),
                Instant.ofEpochMilli(1_700_000_000_123L));
        assertEquals(profile, roundTrip(ProfileSerializer.INSTANCE, profile));
        UserProfileUpdate bare = new UserProfileUpdate("u2", null, Map.of(), Instant.ofEpochMilli(0));
        assertEquals(bare, roundTrip(ProfileSerializer.INSTANCE, bare));
    }

    @Test
    void aUsersState_comesBackPartForPart_withAnyPartMissing() throws Exception {
        RecentBehaviours recent = new RecentBehaviours();
        BehaviourSequence.insert(recent, "e1", 1_700_000_000_000L, 10);
        recent.behavioursSeen = 3;
        TriggerState trigger = new TriggerState();
        trigger.tier = "gold";
        UserProfileUpdate profile = new UserProfileUpdate("u1", 12.5, Map.of("region", "r"), Instant.ofEpochMilli(7));
        PromptState prompt = renderedPrompt();
        for (int parts = 0; parts < 16; parts++) {
            UserState user = new UserState((parts & 1) != 0 ? recent : null, (parts & 2) != 0 ? prompt : null,
                    (parts & 4) != 0 ? trigger : null, (parts & 8) != 0 ? profile : null);
            UserState back = roundTrip(UserStateSerializer.INSTANCE, user);
            assertEquals(user.recent == null ? null : recent.ids(), back.recent == null ? null : back.recent.ids());
            assertEquals(user.recent == null ? null : 3L, back.recent == null ? null : back.recent.behavioursSeen);
            assertEquals(user.prompt == null ? null : canonical(prompt), back.prompt == null ? null : canonical(back.prompt));
            assertEquals(user.trigger == null ? null : "gold", back.trigger == null ? null : back.trigger.tier);
            assertEquals(user.profile, back.profile);
        }
    }

    @Test
    void aUsersStateWithAPartThisLayoutDoesNotHave_isRefused() {
        var in = new org.apache.flink.core.memory.DataInputDeserializer(new byte[] {(byte) 0x10});
        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> UserStateSerializer.INSTANCE.deserialize(in));
        assertTrue(refused.getMessage().contains("10000"), refused.getMessage());
    }

    @Test
    void theUsersLayout_namesThePartsLayouts_soAPartsNewLayoutIsANewLayoutOfTheWhole() {
        assertEquals(List.of(RecentBehavioursSerializer.LAYOUT, PromptStateSerializer.LAYOUT,
                TriggerStateSerializer.LAYOUT, ProfileSerializer.LAYOUT), UserStateSerializer.PART_LAYOUTS,
                "a part's layout changed: give the user's state a new layout too");
    }

    @Test
    void aCopy_isDeepAndEqual() throws Exception {
        PromptState state = renderedPrompt();
        PromptState copy = PromptStateSerializer.INSTANCE.copy(state);
        copy.recentAd.clear();
        copy.profile.put("age_bucket", "changed");
        assertEquals("age_25_34", state.profile.get("age_bucket"));
        assertTrue(!state.recentAd.isEmpty() || !state.frozenAd.isEmpty());
        assertEquals(canonical(renderedPrompt()), canonical(PromptStateSerializer.INSTANCE.copy(renderedPrompt())));
    }

    @Test
    void eachSerializer_writesEveryFieldOfItsClass_soAFieldAddedLaterFailsHere() {
        for (CompactSerializer<?> serializer : List.of(PromptStateSerializer.INSTANCE, TriggerStateSerializer.INSTANCE,
                RecentBehavioursSerializer.INSTANCE, UserStateSerializer.INSTANCE, UserSignalSerializer.INSTANCE)) {
            assertEquals(instanceFields(serializer.type()), sorted(serializer.fields()), serializer.type().getSimpleName()
                    + ": a field changed; write it in the serializer and give the layout a new number");
        }
        assertEquals(instanceFields(BehaviourEntry.class), sorted(PromptStateSerializer.ENTRY_FIELDS));
        assertEquals(UserProfileUpdate.getClassSchema().getFields().stream().map(f -> f.name()).toList(),
                ProfileSerializer.INSTANCE.fields(), "the profile's Avro schema changed; write the change in its serializer");
        assertEquals(BehaviourEvent.getClassSchema().getFields().stream().map(f -> f.name()).toList(),
                BehaviourEventSerializer.INSTANCE.fields(),
                "the behaviour's Avro schema changed; write the change in its serializer");
    }

    static BehaviourEvent behaviour(Double price, Double ecpm) {
        return BehaviourEvent.newBuilder().setEventId("e-1").setUserId("u1").setObjectId("mo-é")
                .setAction(Action.CONVERSION).setDomain(Domain.CONTENT).setPrice(price).setEcpm(ecpm)
                .setAttributes(new java.util.HashMap<>(Map.of("category", "c-ü", "placement", "feed")))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L)).build();
    }

    @Test
    void aBehaviour_comesBackEqual_withOrWithoutItsNumbers() throws Exception {
        for (BehaviourEvent event : List.of(behaviour(12.5, 0.75), behaviour(null, null), behaviour(null, -1.0))) {
            assertEquals(event, roundTrip(BehaviourEventSerializer.INSTANCE, event));
        }
        BehaviourEvent bare = new BehaviourEvent(null, null, null, null, null, Instant.ofEpochMilli(0), null, null, null);
        assertEquals(bare, roundTrip(BehaviourEventSerializer.INSTANCE, bare), "nulls come back null");
        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> bytes(BehaviourEventSerializer.INSTANCE, new BehaviourEvent()));
        assertTrue(refused.getMessage().contains("no event time"), refused.getMessage());
    }

    @Test
    void aUserSignal_comesBackAsItWas_behaviourOrProfile_andItsUserIdTakenFromThePart() throws Exception {
        UserSignal ofBehaviour = UserSignal.of(behaviour(1.0, null));
        UserSignal ofProfile = UserSignal.of(new UserProfileUpdate("u2", 3.0, Map.of("region", "r"),
                Instant.ofEpochMilli(5)));
        UserSignal strayUserId = UserSignal.of(behaviour(null, null));
        strayUserId.userId = "not-the-behaviours";
        for (UserSignal signal : List.of(ofBehaviour, ofProfile, strayUserId, new UserSignal())) {
            UserSignal back = roundTrip(UserSignalSerializer.INSTANCE, signal);
            assertEquals(signal.userId, back.userId);
            assertEquals(signal.behaviour, back.behaviour);
            assertEquals(signal.profile, back.profile);
        }
        assertEquals(bytes(UserSignalSerializer.INSTANCE, ofBehaviour).length,
                1 + bytes(BehaviourEventSerializer.INSTANCE, ofBehaviour.behaviour).length,
                "a signal's user id is its behaviour's, so it is not written again");
    }

    @Test
    void aUserSignalsCopy_isEqual_andItsMapsAreItsOwn() {
        UserSignal signal = UserSignal.of(behaviour(2.0, null));
        UserSignal copy = UserSignalSerializer.INSTANCE.copy(signal);
        assertEquals(signal.behaviour, copy.behaviour);
        copy.behaviour.getAttributes().put("category", "changed");
        assertEquals("c-ü", signal.behaviour.getAttributes().get("category"));
        UserSignal profile = UserSignal.of(new UserProfileUpdate("u2", null, new java.util.HashMap<>(Map.of("a", "b")),
                Instant.ofEpochMilli(5)));
        UserSignal profileCopy = UserSignalSerializer.INSTANCE.copy(profile);
        assertEquals(profile.profile, profileCopy.profile);
        profileCopy.profile.getAttributes().put("a", "changed");
        assertEquals("b", profile.profile.getAttributes().get("a"));
    }

    @Test
    void streamsOfUserSignals_areTypedWithTheirSerializer() {
        var info = org.apache.flink.api.common.typeinfo.TypeInformation.of(UserSignal.class);
        assertTrue(info.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl())
                instanceof UserSignalSerializer, info.toString());
    }

    private static List<String> instanceFields(Class<?> type) {
        // a transient field is derived from the others (the sequence's id hashes) and never written
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .map(Field::getName).sorted().toList();
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
