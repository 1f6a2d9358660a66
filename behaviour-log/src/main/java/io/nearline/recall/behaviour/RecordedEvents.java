package io.nearline.recall.behaviour;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A dataset's events in columns sorted by time (ties keep file order); records are built only while iterating, so a
 * 200k-event dataset costs a few megabytes rather than a few hundred thousand objects.
 */
final class RecordedEvents {

    private static final Action[] ACTIONS = Action.values();

    private final String eventIdPrefix;
    private final String[] userIds;
    private final String[] objectIds;
    private final List<Map<String, String>> attributeTable;
    private final int[] user;
    private final int[] object;
    private final byte[] action;
    private final byte[] attributes;
    private final long[] time;
    private final int[] sourceIndex;

    private RecordedEvents(Builder b, int[] order) {
        this.eventIdPrefix = b.eventIdPrefix;
        this.userIds = b.userIds;
        this.objectIds = b.objectIds;
        this.attributeTable = b.attributeTable;
        int n = order.length;
        user = new int[n];
        object = new int[n];
        action = new byte[n];
        attributes = new byte[n];
        time = new long[n];
        sourceIndex = new int[n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            user[i] = b.user[j];
            object[i] = b.object[j];
            action[i] = b.action[j];
            attributes[i] = b.attributes[j];
            time[i] = b.time[j];
            sourceIndex[i] = b.sourceIndex[j];
        }
    }

    int size() {
        return time.length;
    }

    /** Time of the first event, or 0 for an empty log. */
    long firstTime() {
        return time.length == 0 ? 0L : time[0];
    }

    long lastTime() {
        return time.length == 0 ? 0L : time[time.length - 1];
    }

    Iterator<BehaviourEvent> iterator(long offsetMillis) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < time.length;
            }

            @Override
            public BehaviourEvent next() {
                if (next >= time.length) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return new BehaviourEvent(eventIdPrefix + sourceIndex[i], userIds[user[i]], objectIds[object[i]],
                        ACTIONS[action[i]], Domain.AD, Instant.ofEpochMilli(time[i] + offsetMillis), null, null,
                        attributeTable.get(attributes[i]));
            }
        };
    }

    /** Collects events in file order; {@link #build()} sorts them by time. */
    static final class Builder {
        private final String eventIdPrefix;
        private final String[] userIds;
        private final String[] objectIds;
        private final List<Map<String, String>> attributeTable;
        private int[] user = new int[1024];
        private int[] object = new int[1024];
        private byte[] action = new byte[1024];
        private byte[] attributes = new byte[1024];
        private long[] time = new long[1024];
        private int[] sourceIndex = new int[1024];
        private int size;

        /**
         * @param eventIdPrefix  event ids are this prefix followed by the source index given to {@link #add}
         * @param attributeTable the distinct attribute maps events carry (at most 128), referenced by position
         */
        Builder(String eventIdPrefix, String[] userIds, String[] objectIds, List<Map<String, String>> attributeTable) {
            if (attributeTable.isEmpty() || attributeTable.size() > Byte.MAX_VALUE + 1) {
                throw new IllegalArgumentException("attribute table needs 1 to 128 entries");
            }
            this.eventIdPrefix = eventIdPrefix;
            this.userIds = userIds;
            this.objectIds = objectIds;
            this.attributeTable = attributeTable;
        }

        void add(int userIndex, int objectIndex, Action a, int attributeRef, long timeMillis, int source) {
            if (size == time.length) {
                int capacity = size * 2;
                user = Arrays.copyOf(user, capacity);
                object = Arrays.copyOf(object, capacity);
                action = Arrays.copyOf(action, capacity);
                attributes = Arrays.copyOf(attributes, capacity);
                time = Arrays.copyOf(time, capacity);
                sourceIndex = Arrays.copyOf(sourceIndex, capacity);
            }
            user[size] = userIndex;
            object[size] = objectIndex;
            action[size] = (byte) a.ordinal();
            attributes[size] = (byte) attributeRef;
            time[size] = timeMillis;
            sourceIndex[size] = source;
            size++;
        }

        RecordedEvents build() {
            return new RecordedEvents(this, StableTimeOrder.of(time, size));
        }
    }
}
