package io.nearline.recall.cache;

import java.util.List;
import java.util.Objects;

/**
 * What the ad server learns from one read: the recall (FOUND), or why to fall back to classic recall.
 *
 * @param recall the decoded recall when FOUND; also when STALE by age, for logging; otherwise null
 * @param detail why it is MISSING or STALE; empty when FOUND
 */
public record RecallLookup(Status status, StoredRecall recall, String detail) {

    /** The three answers a read can give. */
    public enum Status {
        /** A usable recall: known format, generated within {@code redis.max-age}. */
        FOUND,
        /** No recall for this user (never written, or expired). */
        MISSING,
        /** A recall exists but must not be used: too old, an unknown format, or unreadable content. */
        STALE
    }

    public RecallLookup {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status == Status.FOUND) {
            Objects.requireNonNull(recall, "recall");
        }
    }

    static RecallLookup found(StoredRecall recall) {
        return new RecallLookup(Status.FOUND, recall, "");
    }

    static RecallLookup missing(String detail) {
        return new RecallLookup(Status.MISSING, null, detail);
    }

    static RecallLookup stale(StoredRecall recall, String detail) {
        return new RecallLookup(Status.STALE, recall, detail);
    }

    public boolean isFound() {
        return status == Status.FOUND;
    }

    /** The recalled objects, highest score first, when FOUND; otherwise empty (fall back). */
    public List<StoredObject> objects() {
        return isFound() ? recall.objects() : List.of();
    }
}
