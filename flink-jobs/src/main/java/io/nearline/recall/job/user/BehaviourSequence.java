package io.nearline.recall.job.user;

import java.util.List;

/**
 * The rules of a user's behaviour sequence: time-ordered (late events slot into place), bounded
 * (the oldest behaviour leaves first), and free of duplicates (a replayed event is recognised by id).
 */
public final class BehaviourSequence {

    /** What happened to a behaviour offered to the sequence. */
    public enum Insert { ADDED, DUPLICATE, TOO_OLD }

    private BehaviourSequence() {}

    /** Inserts {@code entry} into {@code entries} (ascending event time), keeping at most {@code maxLength}. */
    public static Insert insert(List<SequenceEntry> entries, SequenceEntry entry, int maxLength) {
        if (contains(entries, entry.eventId)) {
            return Insert.DUPLICATE;
        }
        int position = entries.size();
        while (position > 0 && entries.get(position - 1).eventTime > entry.eventTime) {
            position--;
        }
        if (entries.size() >= maxLength && position == 0) {
            return Insert.TOO_OLD;
        }
        entries.add(position, entry);
        while (entries.size() > maxLength) {
            entries.remove(0);
        }
        return Insert.ADDED;
    }

    private static boolean contains(List<SequenceEntry> entries, String eventId) {
        for (SequenceEntry existing : entries) {
            if (existing.eventId.equals(eventId)) {
                return true;
            }
        }
        return false;
    }
}
