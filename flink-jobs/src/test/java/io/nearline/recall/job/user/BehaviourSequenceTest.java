package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.job.user.BehaviourSequence.Insert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviourSequenceTest {

    static SequenceEntry entry(String id, long time) {
        SequenceEntry entry = new SequenceEntry();
        entry.eventId = id;
        entry.objectId = "m-" + id;
        entry.action = "CLICK";
        entry.domain = "AD";
        entry.eventTime = time;
        return entry;
    }

    private static List<String> ids(List<SequenceEntry> entries) {
        return entries.stream().map(e -> e.eventId).toList();
    }

    @Test
    void lateBehaviours_slotIntoTimeOrder() {
        List<SequenceEntry> entries = new ArrayList<>();
        BehaviourSequence.insert(entries, entry("a", 10), 5);
        BehaviourSequence.insert(entries, entry("c", 30), 5);
        BehaviourSequence.insert(entries, entry("b", 20), 5);
        BehaviourSequence.insert(entries, entry("d", 30), 5);
        assertEquals(List.of("a", "b", "c", "d"), ids(entries));
    }

    @Test
    void aFullSequence_dropsItsOldestBehaviourFirst() {
        List<SequenceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BehaviourSequence.insert(entries, entry("e" + i, i * 10L), 3);
        }
        assertEquals(List.of("e2", "e3", "e4"), ids(entries));
    }

    @Test
    void aReplayedBehaviour_isRecognisedAsDuplicate() {
        List<SequenceEntry> entries = new ArrayList<>();
        assertEquals(Insert.ADDED, BehaviourSequence.insert(entries, entry("a", 10), 3));
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(entries, entry("a", 10), 3));
        assertEquals(1, entries.size());
    }

    @Test
    void aBehaviourOlderThanAFullSequence_isTooOld() {
        List<SequenceEntry> entries = new ArrayList<>();
        BehaviourSequence.insert(entries, entry("b", 20), 2);
        BehaviourSequence.insert(entries, entry("c", 30), 2);
        assertEquals(Insert.TOO_OLD, BehaviourSequence.insert(entries, entry("a", 10), 2));
        assertEquals(List.of("b", "c"), ids(entries));
    }
}
