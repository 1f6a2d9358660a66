package io.nearline.recall.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopTierReserveTest {

    @Test
    void lowerTiers_stopAtTheirShare_theTopTierTakesTheRest() {
        TopTierReserve reserve = new TopTierReserve(16, 0.25);
        assertEquals(12, reserve.lowerTierSlots());
        assertTrue(reserve.admits(false, 11));
        assertFalse(reserve.admits(false, 12));
        assertTrue(reserve.admits(true, 12));
        assertTrue(reserve.admits(true, 15));
    }

    @Test
    void noReserve_everyTierTakesEverySlot() {
        TopTierReserve reserve = new TopTierReserve(8, 0);
        assertEquals(8, reserve.lowerTierSlots());
        assertTrue(reserve.admits(false, 7));
    }

    @Test
    void aLowerTierKeepsOneSlotWhateverTheReserve() {
        assertEquals(1, new TopTierReserve(2, 0.9).lowerTierSlots());
        assertTrue(new TopTierReserve(2, 0.9).admits(false, 0));
    }

    @Test
    void badSettings_refusedNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TopTierReserve(4, 1.0)).getMessage()
                .contains("inference.top-tier-reserve"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TopTierReserve(4, -0.1)).getMessage()
                .contains("inference.top-tier-reserve"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TopTierReserve(0, 0.25)).getMessage()
                .contains("inference.max-in-flight"));
    }
}
