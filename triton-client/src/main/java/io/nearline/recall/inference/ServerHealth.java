package io.nearline.recall.inference;

/**
 * Whether one server of the fleet receives calls: ejected after a run of failed readiness probes or
 * at once when a call finds it UNAVAILABLE, readmitted after a run of successful probes.
 */
public final class ServerHealth {

    /** Admitted servers receive calls; ejected ones only probes. */
    public enum State { ADMITTED, EJECTED }

    /** What a probe or call outcome changed. */
    public enum Transition { NONE, EJECTED, READMITTED }

    private final int ejectAfterFailures;
    private final int readmitAfterSuccesses;
    private volatile State state = State.ADMITTED;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    /** Starts admitted: a server that is down is found by its first probe or call. */
    public ServerHealth(int ejectAfterFailures, int readmitAfterSuccesses) {
        if (ejectAfterFailures < 1 || readmitAfterSuccesses < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1");
        }
        this.ejectAfterFailures = ejectAfterFailures;
        this.readmitAfterSuccesses = readmitAfterSuccesses;
    }

    public State state() {
        return state;
    }

    public synchronized Transition onProbe(boolean ready) {
        if (ready) {
            consecutiveFailures = 0;
            consecutiveSuccesses++;
            if (state == State.EJECTED && consecutiveSuccesses >= readmitAfterSuccesses) {
                state = State.ADMITTED;
                return Transition.READMITTED;
            }
            return Transition.NONE;
        }
        consecutiveSuccesses = 0;
        consecutiveFailures++;
        if (state == State.ADMITTED && consecutiveFailures >= ejectAfterFailures) {
            state = State.EJECTED;
            return Transition.EJECTED;
        }
        return Transition.NONE;
    }

    /** A call was refused (UNAVAILABLE): stop sending at once rather than wait for probes. */
    public synchronized Transition ejectNow() {
        consecutiveSuccesses = 0;
        if (state == State.EJECTED) {
            return Transition.NONE;
        }
        state = State.EJECTED;
        return Transition.EJECTED;
    }
}
