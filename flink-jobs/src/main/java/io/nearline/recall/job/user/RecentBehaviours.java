package io.nearline.recall.job.user;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the job keeps of a user's behaviour sequence: the event ids and event times of the last behaviours,
 * oldest first, to order and bound it and to recognise a replay, and how many behaviours the user's state has
 * accepted. What each behaviour was (object, action, domain) is kept once, in the user's prompt state.
 *
 * <p>The ids stay in their UTF-8 form, one block and the end of each id in it: on RocksDB the sequence is read
 * and written on every behaviour, and decoding up to 200 ids into strings each time, only to compare them with
 * one new id, was most of its cost. An id becomes a string only when asked for ({@link #eventId}). The block may
 * have room after its last id, and an insert moves ids within it, and the ends, hashes and times of a full sequence
 * within their arrays: the arrays are the sequence's own, not to be shared with another.
 *
 * <p>A Flink POJO still: a savepoint of a job before the job's serializers holds this class as Flink's POJO
 * serializer wrote it, with the ids as strings in {@link #eventIds}, and Flink migrates it by reading that field; the
 * first access through a method encodes them. The encoded fields are public for the POJO rules (a POJO copy, as a
 * test harness makes of what it is sent, keeps them); read them through {@link #encodedIds()} and {@link #idEnd},
 * which take over restored strings first.
 */
public class RecentBehaviours {

    private static final byte[] NO_BYTES = new byte[0];
    private static final int[] NO_ENDS = new int[0];

    /** Event ids as Flink's POJO serializer of an older savepoint restores them; null once encoded. */
    public String[] eventIds;
    /** Event times in epoch milliseconds, ascending; parallel to the ids. */
    public long[] eventTimes = new long[0];
    /** Behaviours accepted since the user's state was created (more than the sequence holds once it is full). */
    public long behavioursSeen;

    /** The UTF-8 bytes of the ids, back to back, then possibly room for more. */
    public byte[] idBytes = NO_BYTES;
    /** Where each id ends in {@link #idBytes}; id {@code i} starts where {@code i - 1} ends. */
    public int[] idEnds = NO_ENDS;

    /**
     * Hashes of the ids, so that the look-up for a replay, on every behaviour, compares ints (a sequence at its cap
     * holds 200 ids); derived from the ids, not state, and built when first needed.
     */
    private transient int[] idHashes;
    /** The ids {@link #idHashes} were computed from: ids set through the public fields are hashed anew. */
    private transient byte[] hashedBytes;
    private transient int[] hashedEnds;

    public RecentBehaviours() {}

    /** A sequence of {@code ids} (their UTF-8 bytes back to back, {@code ends} where each ends) at {@code times}. */
    public static RecentBehaviours encoded(byte[] ids, int[] ends, long[] times, long behavioursSeen) {
        if (ends.length != times.length) {
            throw new IllegalArgumentException(ends.length + " event ids but " + times.length + " event times");
        }
        RecentBehaviours recent = new RecentBehaviours();
        recent.idBytes = ids;
        recent.idEnds = ends;
        recent.eventTimes = times;
        recent.behavioursSeen = behavioursSeen;
        return recent;
    }

    public int size() {
        return eventTimes.length;
    }

    /** The UTF-8 bytes of the ids, back to back (then room); read {@link #idEnd} to split them. Not to be changed. */
    public byte[] encodedIds() {
        encode();
        return idBytes;
    }

    /** Where id {@code i} ends in {@link #encodedIds()}. */
    public int idEnd(int i) {
        encode();
        return idEnds[i];
    }

    /** Where each id ends in {@link #encodedIds()}, for the sequence's rules; not to be changed. */
    int[] idEndsArray() {
        encode();
        return idEnds;
    }

    public int idStart(int i) {
        return i == 0 ? 0 : idEnd(i - 1);
    }

    public String eventId(int i) {
        encode();
        int start = idStart(i);
        return new String(idBytes, start, idEnds[i] - start, StandardCharsets.UTF_8);
    }

    /** The ids as strings, oldest first. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            ids.add(eventId(i));
        }
        return ids;
    }

    /** Event id of the newest behaviour; the sequence must not be empty. */
    public String newestEventId() {
        return eventId(size() - 1);
    }

    /** Event time of the newest behaviour; the sequence must not be empty. */
    public long newestEventTime() {
        return eventTimes[eventTimes.length - 1];
    }

    /**
     * Whether the id whose UTF-8 bytes are {@code id} (of hash {@link #hash}) is in the sequence; the newest are
     * compared first, by hash, then by bytes.
     */
    boolean contains(byte[] id, int hash) {
        int[] hashes = idHashes();
        for (int i = hashes.length - 1; i >= 0; i--) {
            if (hashes[i] == hash && Arrays.equals(idBytes, idStart(i), idEnds[i], id, 0, id.length)) {
                return true;
            }
        }
        return false;
    }

    /** The hash {@link #contains} compares ids by. */
    static int hash(byte[] bytes, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    /** The ids' hashes, parallel to them; computed once an object, then kept up by {@link #replace}. */
    int[] idHashes() {
        encode();
        if (idHashes == null || hashedBytes != idBytes || hashedEnds != idEnds) {
            int[] hashes = new int[idEnds.length];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = hash(idBytes, idStart(i), idEnds[i]);
            }
            idHashes = hashes;
            hashedBytes = idBytes;
            hashedEnds = idEnds;
        }
        return idHashes;
    }

    /** Replaces the ids, their hashes and times (the sequence's rules, {@link BehaviourSequence}, build them). */
    void replace(byte[] ids, int[] ends, int[] hashes, long[] times) {
        idBytes = ids;
        idEnds = ends;
        idHashes = hashes;
        hashedBytes = ids;
        hashedEnds = ends;
        eventTimes = times;
        eventIds = null;
    }

    /** Takes over ids that Flink's POJO serializer restored, once. */
    private void encode() {
        if (eventIds == null) {
            return;
        }
        byte[][] encoded = new byte[eventIds.length][];
        int total = 0;
        for (int i = 0; i < eventIds.length; i++) {
            encoded[i] = eventIds[i].getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        byte[] bytes = new byte[total];
        int[] ends = new int[eventIds.length];
        int end = 0;
        for (int i = 0; i < encoded.length; i++) {
            System.arraycopy(encoded[i], 0, bytes, end, encoded[i].length);
            end += encoded[i].length;
            ends[i] = end;
        }
        idBytes = bytes;
        idEnds = ends;
        eventIds = null;
    }
}
