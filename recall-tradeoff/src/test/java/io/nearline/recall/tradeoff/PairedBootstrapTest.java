package io.nearline.recall.tradeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    private static TierTally tally(long[][] cells) {
        TierTally t = new TierTally();
        for (int u = 0; u < cells.length; u++) {
            System.arraycopy(cells[u], 0, t.cell("u" + u), 0, TierTally.FIGURES);
        }
        return t;
    }

    @Test
    void the_estimate_is_the_ratio_of_sums_and_the_interval_holds_it() {
        TierTally t = tally(new long[][] {{4, 4, 2, 2}, {2, 1, 0, 1}, {6, 6, 3, 3}, {1, 0, 0, 0}});
        PairedBootstrap bootstrap = new PairedBootstrap(List.of(t), 500, 3);
        PairedBootstrap.Interval hr = bootstrap.ratio(t, TierTally.HITS_WITH_FALLBACK, TierTally.TARGETS);
        assertEquals(6.0 / 13, hr.estimate(), 1e-12);
        assertTrue(hr.low() <= hr.estimate() && hr.estimate() <= hr.high(), hr.toString());
        assertTrue(hr.high() - hr.low() > 0.05, "four users cannot pin a rate down: " + hr);
    }

    @Test
    void a_paired_difference_of_identical_rule_sets_is_exactly_zero_and_a_uniform_loss_is_exact_too() {
        long[][] cells = {{4, 4, 2, 2}, {2, 1, 0, 1}, {6, 6, 3, 3}, {10, 9, 4, 4}};
        TierTally a = tally(cells);
        TierTally same = tally(cells);
        PairedBootstrap bootstrap = new PairedBootstrap(List.of(a, same), 500, 3);
        PairedBootstrap.Interval zero = bootstrap.relativeDifference(same, a, TierTally.HITS_WITH_FALLBACK,
                TierTally.TARGETS);
        assertEquals(0, zero.low(), 1e-12);
        assertEquals(0, zero.high(), 1e-12);
        long[][] half = {{4, 4, 1, 1}, {2, 1, 0, 0}, {6, 6, 1, 1}, {10, 9, 2, 2}};
        half[1][3] = 0;
        TierTally worse = tally(new long[][] {{4, 4, 1, 1}, {2, 1, 0, 0}, {6, 6, 2, 2}, {10, 9, 2, 2}});
        PairedBootstrap.Interval loss = new PairedBootstrap(List.of(a, worse), 500, 3)
                .relativeDifference(worse, a, TierTally.HITS_WITH_FALLBACK, TierTally.TARGETS);
        assertEquals(5.0 / 10 - 1, loss.estimate(), 1e-12);
        assertTrue(loss.high() < 0, "every user lost hits: " + loss);
    }
}
