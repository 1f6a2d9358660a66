package io.nearline.recall.job.inference;

import java.io.Serializable;

/**
 * The slots of the async inference operator that only the top tier may take. A model that slows down fills every
 * slot, and a full operator blocks its input: the budget gate then waits too, the requests of every tier wait
 * alike, and the top tier's recalls age with the rest. Holding {@code reserve} of the slots back means that a
 * request of a lower tier that finds the others taken is shed at once (it would only have waited), and the top
 * tier still finds a slot: a slow model sheds the low tiers first.
 */
public final class TopTierReserve implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final int lowerTierSlots;

    /** {@code reserve} is a share of {@code capacity}, 0 (none held back) up to but not including 1. */
    public TopTierReserve(int capacity, double reserve) {
        if (capacity < 1) {
            throw new IllegalArgumentException("inference.max-in-flight must be at least 1, got " + capacity);
        }
        if (!(reserve >= 0 && reserve < 1)) {
            throw new IllegalArgumentException("inference.top-tier-reserve must be at least 0 and below 1, got "
                    + reserve);
        }
        this.capacity = capacity;
        // a lower tier keeps at least one slot, so that a reserve never stops it altogether
        this.lowerTierSlots = Math.max(1, (int) Math.floor(capacity * (1 - reserve)));
    }

    /** Whether a request may take a slot while {@code inFlight} others are taken. */
    public boolean admits(boolean topTier, int inFlight) {
        return topTier || inFlight < lowerTierSlots;
    }

    /** The slots a request of a lower tier may take. */
    public int lowerTierSlots() {
        return lowerTierSlots;
    }

    public int capacity() {
        return capacity;
    }
}
