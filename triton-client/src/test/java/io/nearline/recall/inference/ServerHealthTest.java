package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.inference.ServerHealth.State;
import io.nearline.recall.inference.ServerHealth.Transition;
import org.junit.jupiter.api.Test;

class ServerHealthTest {

    private final ServerHealth health = new ServerHealth(3, 2);

    @Test
    void aServerStartsAdmittedAndIsEjectedOnlyAfterThreeFailedProbesInARow() {
        assertEquals(State.ADMITTED, health.state());
        assertEquals(Transition.NONE, health.onProbe(false));
        assertEquals(Transition.NONE, health.onProbe(false));
        assertEquals(Transition.NONE, health.onProbe(true));  // the run is broken
        assertEquals(Transition.NONE, health.onProbe(false));
        assertEquals(Transition.NONE, health.onProbe(false));
        assertEquals(State.ADMITTED, health.state());
        assertEquals(Transition.EJECTED, health.onProbe(false));
        assertEquals(State.EJECTED, health.state());
        assertEquals(Transition.NONE, health.onProbe(false));
    }

    @Test
    void anEjectedServerIsReadmittedAfterTwoGoodProbesInARow() {
        health.ejectNow();
        assertEquals(Transition.NONE, health.onProbe(true));
        assertEquals(Transition.NONE, health.onProbe(false));  // the run is broken
        assertEquals(Transition.NONE, health.onProbe(true));
        assertEquals(State.EJECTED, health.state());
        assertEquals(Transition.READMITTED, health.onProbe(true));
        assertEquals(State.ADMITTED, health.state());
    }

    @Test
    void anUnavailableCallEjectsAtOnceAndResetsTheReadmissionRun() {
        assertEquals(Transition.EJECTED, health.ejectNow());
        assertEquals(Transition.NONE, health.ejectNow());
        health.onProbe(true);
        health.ejectNow();  // refused again between two good probes
        assertEquals(Transition.NONE, health.onProbe(true));
        assertEquals(Transition.READMITTED, health.onProbe(true));
    }
}
