package io.nearline.recall.tiering;

import static io.nearline.recall.tiering.Scripted.T0;
import static io.nearline.recall.tiering.Scripted.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpuTieringTest {

    private static final String TIERS = "  - name: low\n    minArpu: 0\n  - name: mid\n    minArpu: 10\n"
            + "  - name: high\n    minArpu: 100\n";

    private static ArpuTiering tiering(double smoothing, double hysteresis, String unknown) {
        return new ArpuTiering(Scripted.rules("arpu:\n  smoothing: " + smoothing + "\n  hysteresis: " + hysteresis + "\n"
                + (unknown == null ? "" : "  unknownTier: " + unknown + "\n"), TIERS));
    }

    @Test
    void each_profile_update_is_folded_into_the_ewma_once_however_many_behaviours_follow() {
        ArpuTiering tiering = tiering(0.5, 0, null);
        TriggerState state = new TriggerState();
        tiering.assign(profile(8, T0), state);
        tiering.assign(profile(8, T0), state);
        assertEquals(8.0, state.smoothedArpu, 1e-9);
        tiering.assign(profile(16, T0 + 1), state);
        tiering.assign(profile(16, T0 + 1), state);
        assertEquals(12.0, state.smoothedArpu, 1e-9);
        tiering.assign(profile(99, T0), state);
        assertEquals(12.0, state.smoothedArpu, 1e-9, "an older update arriving late is ignored");
        assertEquals(2, state.arpuUpdates);
    }

    @Test
    void a_user_hovering_at_a_boundary_keeps_its_tier_within_the_hysteresis_margin() {
        ArpuTiering tiering = tiering(1, 0.1, null);
        TriggerState state = new TriggerState();
        double[] arpus = {10.5, 9.5, 10.4, 9.2, 10.9, 9.01};
        List<String> tiers = new ArrayList<>();
        long t = T0;
        for (double arpu : arpus) {
            tiers.add(tiering.assign(profile(arpu, t++), state).name());
        }
        assertEquals(List.of("mid", "mid", "mid", "mid", "mid", "mid"), tiers);
        assertEquals("low", tiering.assign(profile(8.9, t++), state).name(), "below 10 * (1 - 0.1)");
        assertEquals("low", tiering.assign(profile(10.9, t++), state).name(), "not yet 10 * (1 + 0.1)");
        assertEquals("mid", tiering.assign(profile(11.0, t++), state).name());
        assertEquals("high", tiering.assign(profile(500, t), state).name(), "a big jump skips tiers");
    }

    @Test
    void without_hysteresis_the_same_sequence_flaps() {
        ArpuTiering tiering = tiering(1, 0, null);
        TriggerState state = new TriggerState();
        List<String> tiers = new ArrayList<>();
        long t = T0;
        for (double arpu : new double[] {10.5, 9.5, 10.4, 9.2}) {
            tiers.add(tiering.assign(profile(arpu, t++), state).name());
        }
        assertEquals(List.of("mid", "low", "mid", "low"), tiers);
    }

    @Test
    void smoothing_damps_a_single_spike() {
        ArpuTiering tiering = tiering(0.2, 0, null);
        TriggerState state = new TriggerState();
        tiering.assign(profile(5, T0), state);
        assertEquals("low", tiering.assign(profile(20, T0 + 1), state).name(), "0.2 * 20 + 0.8 * 5 = 8, below 10");
        assertEquals(8.0, state.smoothedArpu, 1e-9);
        assertEquals("mid", tiering(1, 0, null).assign(profile(20, T0 + 1), new TriggerState()).name(),
                "the same update unsmoothed would have moved the user");
    }

    @Test
    void users_without_arpu_get_the_unknown_tier_and_their_first_arpu_places_them_plainly() {
        ArpuTiering tiering = tiering(0.3, 0.5, "mid");
        TriggerState state = new TriggerState();
        assertEquals("mid", tiering.assign(null, state).name());
        assertEquals("low", tiering.assign(profile(6, T0), state).name(), "no hysteresis around the unknown tier");
    }
}
