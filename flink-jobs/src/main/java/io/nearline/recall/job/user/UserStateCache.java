package io.nearline.recall.job.user;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;

/**
 * The users an instance saw last, as objects, in front of a state backend that keeps values serialised (RocksDB):
 * a behaviour of a cached user reads and writes no bytes. A changed user is written back when the cache evicts it
 * (least recently used first) and, all of them, before each checkpoint, so a checkpoint holds exactly what the
 * cache held: a failure loses the cache, and the records after the checkpoint are read again.
 */
final class UserStateCache {

    /** Writes one user's state under that user's key. */
    interface Writer {
        void write(String userId, UserState state) throws Exception;
    }

    private static final class Entry {
        final UserState state;
        boolean changed;

        Entry(UserState state) {
            this.state = state;
        }
    }

    private final int maxUsers;
    private final LinkedHashMap<String, Entry> users;
    // Flink's counters, so that the job can report them as accumulators too
    private final LongCounter hits = new LongCounter();
    private final LongCounter misses = new LongCounter();
    private final LongCounter writes = new LongCounter();

    UserStateCache(int maxUsers) {
        if (maxUsers < 1) {
            throw new IllegalArgumentException("a cache of " + maxUsers + " users");
        }
        this.maxUsers = maxUsers;
        this.users = new LinkedHashMap<>(Math.min(maxUsers, 1 << 16) * 2, 0.75f, true);
    }

    /** The user's cached state, or null when the backend has to be read. */
    UserState get(String userId) {
        Entry entry = users.get(userId);
        if (entry == null) {
            misses.add(1L);
            return null;
        }
        hits.add(1L);
        return entry.state;
    }

    /** Caches a user's state as read from the backend; may evict (and write) the least recently used user. */
    void loaded(String userId, UserState state, Writer writer) throws Exception {
        users.put(userId, new Entry(state));
        evictBeyondCapacity(writer);
    }

    /** Marks a user's state as changed: written back on eviction or before the next checkpoint. */
    void changed(String userId, UserState state, Writer writer) throws Exception {
        Entry entry = users.get(userId);
        if (entry == null || entry.state != state) {
            entry = new Entry(state);
            users.put(userId, entry);
        }
        entry.changed = true;
        evictBeyondCapacity(writer);
    }

    /** Writes every changed user back; the cache keeps them, unchanged. */
    void flush(Writer writer) throws Exception {
        for (Map.Entry<String, Entry> user : users.entrySet()) {
            Entry entry = user.getValue();
            if (entry.changed) {
                writer.write(user.getKey(), entry.state);
                entry.changed = false;
                writes.add(1L);
            }
        }
    }

    private void evictBeyondCapacity(Writer writer) throws Exception {
        Iterator<Map.Entry<String, Entry>> eldest = users.entrySet().iterator();
        while (users.size() > maxUsers && eldest.hasNext()) {
            Map.Entry<String, Entry> user = eldest.next();
            eldest.remove();
            if (user.getValue().changed) {
                writer.write(user.getKey(), user.getValue().state);
                writes.add(1L);
            }
        }
    }

    int size() {
        return users.size();
    }

    LongCounter hits() {
        return hits;
    }

    LongCounter misses() {
        return misses;
    }

    /** Users written back to the backend, on eviction or before a checkpoint. */
    LongCounter writes() {
        return writes;
    }
}
