package io.nearline.recall.inference;

/**
 * One fleet server as the client last saw it: health, circuit, calls in flight, and attempts sent
 * and failed since the client started; for per-server gauges.
 */
public record ServerSnapshot(
        String target,
        ServerHealth.State health,
        CircuitBreaker.State circuit,
        int inFlight,
        long attempts,
        long failures) {

    /** Whether new calls may be sent to this server now. */
    public boolean serving() {
        return health == ServerHealth.State.ADMITTED && circuit != CircuitBreaker.State.OPEN;
    }
}
