package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReplayPaceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void steady_oneBehaviourPerTick() {
        ReplayPace pace = ReplayPace.steady(100);
        assertEquals(0, pace.dueNanos(0));
        assertEquals(SECOND, pace.dueNanos(100));
        assertEquals(10 * SECOND, pace.dueNanos(1000));
    }

    @Test
    void burst_tenTimesFasterForItsBehaviours_thenSteadyAgain() {
        // 100 at 100/s (1 s), then 10,000 at 1,000/s (10 s), then 100/s again
        ReplayPace pace = new ReplayPace(100, 100, 10_000, 1000);
        assertEquals(SECOND, pace.dueNanos(100));
        assertEquals(SECOND + SECOND / 2, pace.dueNanos(600));
        assertEquals(11 * SECOND, pace.dueNanos(10_100));
        assertEquals(12 * SECOND, pace.dueNanos(10_200));
    }

    @Test
    void unpaced_andBadSettings() {
        assertFalse(ReplayPace.steady(0).paced());
        assertThrows(IllegalArgumentException.class, () -> new ReplayPace(-1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplayPace(0, 10, 10, 1000));
    }
}
