package io.nearline.recall.inference;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One server of the fleet: its channel, health, circuit breaker and call counters. */
final class FleetServer {

    final TritonChannel channel;
    final ServerHealth health;
    final CircuitBreaker breaker;
    final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder failures = new LongAdder();

    FleetServer(TritonChannel channel, FleetOptions fleet) {
        this.channel = channel;
        this.health = new ServerHealth(fleet.ejectAfterFailures(), fleet.readmitAfterSuccesses());
        this.breaker = new CircuitBreaker(fleet.breakerFailures(), fleet.breakerOpen().toNanos(), System::nanoTime);
    }

    String target() {
        return channel.target();
    }

    /** Admitted and not refused by its circuit: may be offered to the balancer. */
    /** Admitted by its probes (whatever its circuit says). */
    boolean admitted() {
        return health.state() == ServerHealth.State.ADMITTED;
    }

    boolean accepting() {
        return health.state() == ServerHealth.State.ADMITTED && breaker.allowsCall();
    }

    int inFlight() {
        return inFlight.get();
    }

    void sent() {
        attempts.increment();
        inFlight.incrementAndGet();
    }

    void answered(boolean failed) {
        inFlight.decrementAndGet();
        if (failed) {
            failures.increment();
        }
    }

    ServerSnapshot snapshot() {
        return new ServerSnapshot(target(), health.state(), breaker.state(), inFlight.get(),
                attempts.sum(), failures.sum());
    }
}
