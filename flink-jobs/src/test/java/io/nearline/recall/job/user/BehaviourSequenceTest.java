package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.job.user.BehaviourSequence.Insert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BehaviourSequenceTest {

    private static List<String> ids(RecentBehaviours sequence) {
        return sequence.ids();
    }

    @Test
    void lateBehaviours_slotIntoTimeOrder() {
        RecentBehaviours sequence = new RecentBehaviours();
        BehaviourSequence.insert(sequence, "a", 10, 5);
        BehaviourSequence.insert(sequence, "c", 30, 5);
        BehaviourSequence.insert(sequence, "b", 20, 5);
        BehaviourSequence.insert(sequence, "d", 30, 5);
        assertEquals(List.of("a", "b", "c", "d"), ids(sequence));
        assertEquals(List.of(10L, 20L, 30L, 30L), Arrays.stream(sequence.eventTimes).boxed().toList());
    }

    @Test
    void aFullSequence_dropsItsOldestBehaviourFirst() {
        RecentBehaviours sequence = new RecentBehaviours();
        for (int i = 0; i < 5; i++) {
            BehaviourSequence.insert(sequence, "e" + i, i * 10L, 3);
        }
        assertEquals(List.of("e2", "e3", "e4"), ids(sequence));
        BehaviourSequence.insert(sequence, "late", 25, 3);
        assertEquals(List.of("late", "e3", "e4"), ids(sequence), "a late behaviour pushes out the oldest");
    }

    @Test
    void aReplayedBehaviour_isRecognisedAsDuplicate() {
        RecentBehaviours sequence = new RecentBehaviours();
        assertEquals(Insert.ADDED, BehaviourSequence.insert(sequence, "a", 10, 3));
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(sequence, "a", 10, 3));
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(sequence, new String("a"), 99, 3),
                "recognised by id, whatever its time");
        assertEquals(1, sequence.size());
    }

    @Test
    void aBehaviourOlderThanAFullSequence_isTooOld() {
        RecentBehaviours sequence = new RecentBehaviours();
        BehaviourSequence.insert(sequence, "b", 20, 2);
        BehaviourSequence.insert(sequence, "c", 30, 2);
        assertEquals(Insert.TOO_OLD, BehaviourSequence.insert(sequence, "a", 10, 2));
        assertEquals(List.of("b", "c"), ids(sequence));
    }

    @Test
    void aShorterLimitAfterARestore_keepsTheNewestBehaviours() {
        RecentBehaviours sequence = new RecentBehaviours();
        for (int i = 0; i < 5; i++) {
            BehaviourSequence.insert(sequence, "e" + i, i * 10L, 5);
        }
        assertEquals(Insert.ADDED, BehaviourSequence.insert(sequence, "e5", 50, 2));
        assertEquals(List.of("e4", "e5"), ids(sequence));
    }

    @Test
    void aLateBehaviourThatAShorterLimitWouldDropAtOnce_isTooOld_notAddedAndLost() {
        RecentBehaviours sequence = new RecentBehaviours();
        for (int i = 0; i < 5; i++) {
            BehaviourSequence.insert(sequence, "e" + i, i * 10L, 5);
        }
        assertEquals(Insert.TOO_OLD, BehaviourSequence.insert(sequence, "late", 25, 2));
        assertEquals(5, sequence.size(), "a refused behaviour changes nothing");
    }

    @Test
    void idsOfAnyLengthAndScript_keepTheirPlaceThroughInsertsAndDrops() {
        RecentBehaviours sequence = new RecentBehaviours();
        BehaviourSequence.insert(sequence, "short", 10, 4);
        BehaviourSequence.insert(sequence, "一个很长的事件标识-0001", 30, 4);
        BehaviourSequence.insert(sequence, "", 20, 4);
        BehaviourSequence.insert(sequence, "événement", 40, 4);
        BehaviourSequence.insert(sequence, "x", 35, 4);
        assertEquals(List.of("", "一个很长的事件标识-0001", "x", "événement"), ids(sequence));
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(sequence, "一个很长的事件标识-0001", 50, 4));
        assertEquals(Insert.ADDED, BehaviourSequence.insert(sequence, "short", 50, 4), "dropped, so new again");
        assertEquals("short", sequence.newestEventId());
    }

    @Test
    void idsOfTheSameHash_areStillDifferentBehaviours() {
        RecentBehaviours sequence = new RecentBehaviours();
        BehaviourSequence.insert(sequence, "Aa", 10, 4);
        assertEquals(RecentBehaviours.hash("Aa".getBytes(), 0, 2), RecentBehaviours.hash("BB".getBytes(), 0, 2));
        assertEquals(Insert.ADDED, BehaviourSequence.insert(sequence, "BB", 20, 4));
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(sequence, "BB", 30, 4));
    }

    @Test
    void everyIdStaysFindable_throughLateInsertsDropsAndARestore() {
        RecentBehaviours sequence = new RecentBehaviours();
        long[] times = {50, 10, 40, 20, 60, 30, 5, 70, 45, 15};
        for (int i = 0; i < times.length; i++) {
            BehaviourSequence.insert(sequence, "e" + i, times[i], 6);
        }
        List<String> kept = ids(sequence);
        assertEquals(6, kept.size());
        RecentBehaviours restored = RecentBehaviours.encoded(sequence.encodedIds(), sequence.idEnds.clone(),
                sequence.eventTimes.clone(), 10);
        for (RecentBehaviours s : List.of(sequence, restored)) {
            for (String id : kept) {
                assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(s, id, 100, 6), id);
            }
        }
        for (int i = 0; i < times.length; i++) {
            if (!kept.contains("e" + i)) {
                assertEquals(Insert.ADDED, BehaviourSequence.insert(sequence, "e" + i, 100 + i, 6), "e" + i + " left");
            }
        }
    }

    @Test
    void idsSetThroughThePublicFields_areHashedAnew() {
        RecentBehaviours sequence = new RecentBehaviours();
        BehaviourSequence.insert(sequence, "a", 10, 4);
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(sequence, "a", 20, 4));
        RecentBehaviours other = new RecentBehaviours();
        BehaviourSequence.insert(other, "b", 10, 4);
        sequence.idBytes = other.idBytes; // as a POJO copy or an older job's migration sets them
        sequence.idEnds = other.idEnds;
        assertEquals(Insert.DUPLICATE, BehaviourSequence.insert(sequence, "b", 20, 4));
        assertEquals(Insert.ADDED, BehaviourSequence.insert(sequence, "a", 20, 4));
    }

    @Test
    void insertsInPlaceAndInNewArrays_keepExactlyWhatAPlainListWould() {
        String[] pool = new String[300];
        for (int i = 0; i < pool.length; i++) {
            // ids of 0 to 40 bytes, some of them not ASCII, so that the block grows, shrinks and moves
            pool[i] = i % 7 == 0 ? "é" + i : i % 11 == 0 ? "" + i : "e".repeat(i % 37) + i;
        }
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            RecentBehaviours sequence = new RecentBehaviours();
            List<String> ids = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            int max = 20;
            long clock = 1_000;
            for (int step = 0; step < 20_000; step++) {
                if (random.nextInt(500) == 0) {
                    max = 1 + random.nextInt(30); // a restore with another limit
                    sequence = RecentBehaviours.encoded(Arrays.copyOf(sequence.encodedIds(),
                            ids.isEmpty() ? 0 : sequence.idEnd(ids.size() - 1)), sequence.idEnds.clone(),
                            sequence.eventTimes.clone(), sequence.behavioursSeen);
                }
                String id = pool[random.nextInt(pool.length)];
                clock += random.nextInt(10);
                long time = random.nextInt(5) == 0 ? clock - random.nextInt(100) : clock; // some late
                Insert expected = plainInsert(ids, times, id, time, max);
                assertEquals(expected, BehaviourSequence.insert(sequence, id, time, max), "seed " + seed + " step " + step);
                assertEquals(ids, ids(sequence), "seed " + seed + " step " + step);
                assertEquals(times, Arrays.stream(sequence.eventTimes).boxed().toList(), "seed " + seed + " step " + step);
            }
        }
    }

    /** The sequence's rules on two lists, as plainly as they can be written. */
    private static Insert plainInsert(List<String> ids, List<Long> times, String id, long time, int max) {
        if (ids.contains(id)) {
            return Insert.DUPLICATE;
        }
        int position = times.size();
        while (position > 0 && times.get(position - 1) > time) {
            position--;
        }
        int dropped = Math.max(0, ids.size() + 1 - max);
        if (position < dropped) {
            return Insert.TOO_OLD;
        }
        ids.add(position, id);
        times.add(position, time);
        ids.subList(0, dropped).clear();
        times.subList(0, dropped).clear();
        return Insert.ADDED;
    }
}
