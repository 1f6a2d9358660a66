package io.nearline.recall.cache;

/** What a conditional write of one recall did, so that the job can count each kind. */
public enum WriteOutcome {
    /** The recall is now stored (there was none, or the stored one was older); the TTL was reset. */
    WRITTEN,
    /** The stored recall was newer or the same (a replay); nothing changed. */
    KEPT_NEWER,
    /** The result cannot be stored (see {@link RecallLayout#problem}); nothing was sent to Redis. */
    REJECTED,
    /**
     * Redis refused this one write with an error that waiting cannot cure (e.g. WRONGTYPE: the key holds
     * something else); nothing changed. Errors that waiting can cure are thrown instead, to be retried.
     */
    FAILED
}
