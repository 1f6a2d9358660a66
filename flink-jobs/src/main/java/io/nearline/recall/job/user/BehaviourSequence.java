package io.nearline.recall.job.user;

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
        if (sequence.contains(eventId)) {
            return Insert.DUPLICATE;
        }
        String[] ids = sequence.eventIds;
        long[] times = sequence.eventTimes;
        int size = ids.length;
        int position = size;
        while (position > 0 && times[position - 1] > eventTime) {
            position--;
        }
        if (size >= maxLength && position == 0) {
            return Insert.TOO_OLD;
        }
        // the sequence with the behaviour in place, less its oldest beyond maxLength
        int kept = Math.min(size + 1, maxLength);
        int dropped = size + 1 - kept;
        String[] newIds = new String[kept];
        long[] newTimes = new long[kept];
        for (int combined = dropped; combined <= size; combined++) {
            int to = combined - dropped;
            if (combined < position) {
                newIds[to] = ids[combined];
                newTimes[to] = times[combined];
            } else if (combined == position) {
                newIds[to] = eventId;
                newTimes[to] = eventTime;
            } else {
                newIds[to] = ids[combined - 1];
                newTimes[to] = times[combined - 1];
            }
        }
        sequence.eventIds = newIds;
        sequence.eventTimes = newTimes;
        return Insert.ADDED;
    }
}
