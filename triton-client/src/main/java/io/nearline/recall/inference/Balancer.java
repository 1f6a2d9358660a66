package io.nearline.recall.inference;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Picks one server of a stably ordered list: by a global counter ticket (value mod size, so
 * clients sharing the counter spread calls exactly evenly) or by fewest calls in flight.
 */
final class Balancer {

    /** The ticket of a call balanced by least outstanding (global counter off or unreachable). */
    static final long NO_TICKET = Long.MIN_VALUE;

    private final AtomicInteger rotor = new AtomicInteger();

    /** {@code candidates} must be in the same order in every client, e.g. sorted by target. */
    <T> T pick(List<T> candidates, long ticket, ToIntFunction<T> inFlight) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        if (ticket != NO_TICKET) {
            return candidates.get((int) Math.floorMod(ticket, (long) candidates.size()));
        }
        return leastOutstanding(candidates, inFlight);
    }

    /** Ties go round-robin from a rotating start, so an idle fleet still sees every server. */
    private <T> T leastOutstanding(List<T> candidates, ToIntFunction<T> inFlight) {
        int size = candidates.size();
        int start = Math.floorMod(rotor.getAndIncrement(), size);
        T best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            T candidate = candidates.get((start + i) % size);
            int outstanding = inFlight.applyAsInt(candidate);
            if (outstanding < fewest) {
                best = candidate;
                fewest = outstanding;
            }
        }
        return best;
    }
}
