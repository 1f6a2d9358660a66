package io.nearline.recall.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WilsonTest {

    @Test
    void theIntervalIsWilsonsScoreInterval_insideZeroAndOne() {
        assertEquals("0.500 (0.095-0.905)", Wilson.shown(1, 2));
        assertEquals("1.000 (0.207-1.000)", Wilson.shown(1, 1));
        assertEquals("0.000 (0.000-0.215)", Wilson.shown(0, 14));
        Wilson big = Wilson.of(300, 1000); // 0.3 +- 1.96 * sqrt(0.21 / 1000), nearly
        assertEquals(0.2724, big.low(), 1e-3);
        assertEquals(0.3291, big.high(), 1e-3);
        assertEquals("-", Wilson.shown(0, 0));
    }
}
