package io.nearline.recall.tiering;

/**
 * What the {@link GpuBudget} did with one request: admitted it to the GPU or shed it, and when.
 *
 * @param shedReason null when admitted
 */
public record BudgetOutcome<T>(T item, int priority, String tier, long offeredAt, long decidedAt, ShedReason shedReason) {

    /** Why a request was shed. */
    public enum ShedReason {
        /** The queue was full and this request had the lowest priority. */
        QUEUE_FULL,
        /** No token became free within the maximum wait. */
        MAX_WAIT,
        /** A newer request of the same user took its place in the queue ({@code replaceQueued}). */
        SUPERSEDED
    }

    public boolean admitted() {
        return shedReason == null;
    }

    /** How long the request waited for its decision. */
    public long waitedMs() {
        return decidedAt - offeredAt;
    }
}
