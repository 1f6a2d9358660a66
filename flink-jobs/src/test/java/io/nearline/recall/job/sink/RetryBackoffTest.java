package io.nearline.recall.job.sink;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void waitsDoubleFromTheInitialWait_eachDrawnFromTheUpperHalf() {
        SplittableRandom random = new SplittableRandom(1);
        for (int attempt = 1; attempt <= 6; attempt++) {
            long bound = Math.min(5000, 100L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                long wait = backoff.waitMillis(attempt, random);
                assertTrue(wait >= bound / 2 && wait <= bound, "attempt " + attempt + " waited " + wait);
            }
        }
    }

    @Test
    void waitsNeverPassTheCeiling_evenAfterThousandsOfRetries() {
        SplittableRandom random = new SplittableRandom(2);
        for (int attempt : new int[] {7, 40, 64, 10_000, Integer.MAX_VALUE}) {
            long wait = backoff.waitMillis(attempt, random);
            assertTrue(wait >= 2500 && wait <= 5000, "attempt " + attempt + " waited " + wait);
        }
    }

    @Test
    void aCeilingBelowTheInitialWait_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
