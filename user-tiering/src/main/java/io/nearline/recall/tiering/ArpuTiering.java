package io.nearline.recall.tiering;

import io.nearline.recall.avro.UserProfileUpdate;
import java.io.Serializable;
import java.util.List;

/**
 * Places a user in an ARPU tier: folds each new profile's ARPU into an EWMA kept in {@link TriggerState}, and moves
 * the user to another tier only when the smoothed ARPU leaves the current tier's band widened by the hysteresis
 * margin, so a user whose ARPU hovers at a boundary does not flap.
 */
public final class ArpuTiering implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TriggerRules rules;

    public ArpuTiering(TriggerRules rules) {
        this.rules = rules;
    }

    /** Updates the smoothed ARPU from {@code profile} (once per update) and returns the user's tier, stored in state. */
    public UserTier assign(UserProfileUpdate profile, TriggerState state) {
        fold(profile, state);
        UserTier tier = place(state);
        state.tier = tier.name();
        return tier;
    }

    private void fold(UserProfileUpdate profile, TriggerState state) {
        if (profile == null || profile.getArpu() == null || !Double.isFinite(profile.getArpu())) {
            return;
        }
        long updateTime = profile.getUpdateTime().toEpochMilli();
        if (state.arpuUpdates > 0 && updateTime <= state.lastArpuUpdateTime) {
            return;
        }
        double arpu = Math.max(0.0, profile.getArpu());
        double alpha = rules.arpu().smoothing();
        state.smoothedArpu = state.arpuUpdates == 0 ? arpu : alpha * arpu + (1 - alpha) * state.smoothedArpu;
        state.arpuUpdates++;
        state.lastArpuUpdateTime = updateTime;
    }

    private UserTier place(TriggerState state) {
        if (state.arpuUpdates == 0) {
            return rules.unknownTier();
        }
        UserTier plain = plainTier(state.smoothedArpu);
        // The first known ARPU places the user plainly: the unknown-ARPU tier is no position to defend.
        UserTier current = state.tier == null ? null : rules.tier(state.tier).orElse(null);
        if (current == null || current == plain || state.arpuUpdates == 1) {
            return plain;
        }
        return insideBand(current, state.smoothedArpu) ? current : plain;
    }

    /** The tier an ARPU falls in without hysteresis. */
    public UserTier plainTier(double arpu) {
        List<UserTier> tiers = rules.tiers();
        UserTier found = tiers.get(0);
        for (UserTier t : tiers) {
            if (arpu >= t.minArpu()) {
                found = t;
            }
        }
        return found;
    }

    private boolean insideBand(UserTier current, double arpu) {
        double h = rules.arpu().hysteresis();
        List<UserTier> tiers = rules.tiers();
        boolean aboveFloor = current.rank() == 0 || arpu >= current.minArpu() * (1 - h);
        boolean belowCeiling = current.rank() == tiers.size() - 1
                || arpu < tiers.get(current.rank() + 1).minArpu() * (1 + h);
        return aboveFloor && belowCeiling;
    }
}
