package io.nearline.recall.job.user;

import java.nio.charset.StandardCharsets;

/**
 * The rules of a user's behaviour sequence: time-ordered (late events slot into place), bounded
 * (the oldest behaviour leaves first), and free of duplicates (a replayed event is recognised by id).
 */
public final class BehaviourSequence {

    /** What happened to a behaviour offered to the sequence. */
    public enum Insert { ADDED, DUPLICATE, TOO_OLD }

    private BehaviourSequence() {}

    /**
     * Inserts the behaviour {@code eventId} at {@code eventTime} into {@code sequence} (ascending event time,
     * after the behaviours of the same time), keeping at most {@code maxLength}. {@link RecentBehaviours#behavioursSeen}
     * is the caller's.
     */
    public static Insert insert(RecentBehaviours sequence, String eventId, long eventTime, int maxLength) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        int hash = RecentBehaviours.hash(id, 0, id.length);
        if (sequence.contains(id, hash)) {
            return Insert.DUPLICATE;
        }
        long[] times = sequence.eventTimes;
        int size = times.length;
        int position = size;
        while (position > 0 && times[position - 1] > eventTime) {
            position--;
        }
        // the sequence with the behaviour in place, less its oldest beyond maxLength
        int kept = Math.min(size + 1, maxLength);
        int dropped = size + 1 - kept;
        if (position < dropped) {
            return Insert.TOO_OLD; // it would be among the oldest that leave
        }
        byte[] bytes = sequence.encodedIds();
        int droppedBytes = dropped == 0 ? 0 : sequence.idEnd(dropped - 1);
        int insertAt = sequence.idStart(position);
        int total = size == 0 ? 0 : sequence.idEnd(size - 1);
        int newTotal = total - droppedBytes + id.length;
        // the block keeps some room at its end, so that most inserts move ids within it instead of copying it
        byte[] newBytes = bytes.length >= newTotal ? bytes : new byte[newTotal + (newTotal >> 3) + 16];
        // the ids before the new one (moved left first: they do not reach the source of the ids after it), the ids
        // after it, the new one
        if (newBytes != bytes || droppedBytes > 0) {
            System.arraycopy(bytes, droppedBytes, newBytes, 0, insertAt - droppedBytes);
        }
        System.arraycopy(bytes, insertAt, newBytes, insertAt - droppedBytes + id.length, total - insertAt);
        System.arraycopy(id, 0, newBytes, insertAt - droppedBytes, id.length);
        int[] ends = sequence.idEndsArray();
        int[] hashes = sequence.idHashes();
        int before = position - dropped;
        // a full sequence takes one and drops one: its ends, hashes and times shift within their arrays
        boolean inPlace = kept == size;
        int[] newEnds = inPlace ? ends : new int[kept];
        int[] newHashes = inPlace ? hashes : new int[kept];
        long[] newTimes = inPlace ? times : new long[kept];
        // the ends, hashes and times in three runs (before the new one, it, after it): array copies, then the ends
        // moved by what left before them and what came in, each a loop over one array, which the JIT vectorises
        System.arraycopy(ends, dropped, newEnds, 0, before);
        System.arraycopy(hashes, dropped, newHashes, 0, before);
        System.arraycopy(times, dropped, newTimes, 0, before);
        if (!inPlace) { // in place, the runs after the new one are where they were
            System.arraycopy(ends, position, newEnds, before + 1, size - position);
            System.arraycopy(hashes, position, newHashes, before + 1, size - position);
            System.arraycopy(times, position, newTimes, before + 1, size - position);
        }
        if (droppedBytes > 0) {
            for (int i = 0; i < before; i++) {
                newEnds[i] -= droppedBytes;
            }
        }
        int shift = id.length - droppedBytes;
        if (shift != 0) {
            for (int i = before + 1; i < kept; i++) {
                newEnds[i] += shift;
            }
        }
        newEnds[before] = insertAt - droppedBytes + id.length;
        newHashes[before] = hash;
        newTimes[before] = eventTime;
        sequence.replace(newBytes, newEnds, newHashes, newTimes);
        return Insert.ADDED;
    }
}
