package io.nearline.recall.tradeoff;

import java.util.ArrayList;
import java.util.List;

/**
 * One user's recalls on their way to Redis and in it. The job's conditional write keeps the recall that reflects
 * the newest behaviour, so at time t Redis holds, of the recalls answered by t, the one fired last; an answer that
 * arrives after a newer one was written is refused.
 */
final class ServedRecalls {

    /** A recall fired at {@code reflectsAt} on input version {@code inputVersion}, in Redis from {@code availableAt}. */
    record Served(long availableAt, long reflectsAt, long inputVersion, List<String> objects) {}

    private final List<Served> recalls = new ArrayList<>(2);

    void add(Served recall) {
        recalls.add(recall);
    }

    /** As {@link #at} without dropping anything, for a look at a time the replay has not reached yet. */
    Served peek(long time) {
        Served best = null;
        for (Served r : recalls) {
            if (r.availableAt() <= time && r.reflectsAt() < time && (best == null || r.reflectsAt() > best.reflectsAt()
                    || (r.reflectsAt() == best.reflectsAt() && r.inputVersion() >= best.inputVersion()))) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The recall the ad server reads at {@code time} for a behaviour at that time: answered by then and fired
     * before it; of several fired at the same instant (behaviours stamped alike), the one that saw the most input.
     * Null when there is none. Recalls that can never be read again are dropped, so targets must come in
     * time order.
     */
    Served at(long time) {
        Served best = peek(time);
        if (best != null) {
            Served kept = best;
            recalls.removeIf(r -> r != kept && r.availableAt() <= time && r.reflectsAt() <= kept.reflectsAt());
        }
        return best;
    }
}
