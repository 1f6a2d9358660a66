package io.nearline.recall.job.user;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The sequence as jobs before {@link RecentBehaviours} kept it (a list state of {@link SequenceEntry} and a count),
 * read once per user after a restore from such a savepoint and then cleared, so that an upgrade does not meet
 * its users as strangers. Registered exactly as before (names, types, time-to-live) so the restore accepts it.
 */
final class LegacySequence {

    static final String SEQUENCE = "behaviour-sequence";
    static final String SEEN = "behaviours-seen";

    private final ListState<SequenceEntry> sequence;
    private final ValueState<Long> seen;

    private LegacySequence(ListState<SequenceEntry> sequence, ValueState<Long> seen) {
        this.sequence = sequence;
        this.seen = seen;
    }

    static ListStateDescriptor<SequenceEntry> sequenceDescriptor(StateTtlConfig ttl) {
        var descriptor = new ListStateDescriptor<>(SEQUENCE, SequenceEntry.class);
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    static ValueStateDescriptor<Long> seenDescriptor(StateTtlConfig ttl) {
        var descriptor = new ValueStateDescriptor<>(SEEN, Long.class);
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    static LegacySequence register(RuntimeContext context, StateTtlConfig ttl) {
        return new LegacySequence(context.getListState(sequenceDescriptor(ttl)), context.getState(seenDescriptor(ttl)));
    }

    /** The current user's sequence in the old layout, cleared from it; null when there is none. */
    RecentBehaviours takeOver(int maxSequenceLength) throws Exception {
        Long count = seen.value();
        Iterable<SequenceEntry> entries = sequence.get();
        if (count == null && (entries == null || !entries.iterator().hasNext())) {
            return null;
        }
        RecentBehaviours recent = new RecentBehaviours();
        if (entries != null) {
            for (SequenceEntry entry : entries) {
                BehaviourSequence.insert(recent, entry.eventId, entry.eventTime, maxSequenceLength);
            }
        }
        recent.behavioursSeen = count == null ? recent.size() : count;
        sequence.clear();
        seen.clear();
        return recent;
    }
}
