package io.nearline.recall.job.user;

/**
 * What the job keeps of a user's behaviour sequence: the event ids and event times of the last behaviours,
 * oldest first, to order and bound it and to recognise a replay, and how many behaviours the user's state has
 * accepted. What each behaviour was (object, action, domain) is kept once, in the user's prompt state. A Flink
 * POJO of arrays, so that one value per user is read and written per behaviour instead of a list state copied
 * element by element.
 */
public class RecentBehaviours {

    /** Event ids, oldest first; parallel to {@link #eventTimes}. */
    public String[] eventIds = new String[0];
    /** Event times in epoch milliseconds, ascending. */
    public long[] eventTimes = new long[0];
    /** Behaviours accepted since the user's state was created (more than the sequence holds once it is full). */
    public long behavioursSeen;

    public RecentBehaviours() {}

    public int size() {
        return eventIds.length;
    }

    /** Event id of the newest behaviour; the sequence must not be empty. */
    public String newestEventId() {
        return eventIds[eventIds.length - 1];
    }

    /** Event time of the newest behaviour; the sequence must not be empty. */
    public long newestEventTime() {
        return eventTimes[eventTimes.length - 1];
    }

    boolean contains(String eventId) {
        // no hash first: ids read back from RocksDB are new strings whose hash would be computed every time,
        // while equals stops at the first differing length or byte
        for (int i = eventIds.length - 1; i >= 0; i--) {
            if (eventIds[i].equals(eventId)) {
                return true;
            }
        }
        return false;
    }
}
