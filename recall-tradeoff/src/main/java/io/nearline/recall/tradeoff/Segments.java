package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.tiering.ArpuTiering;
import io.nearline.recall.tiering.TriggerRules;

/**
 * The fixed ARPU segments the fallback's popularity is kept per: the tiers of one named rules file, without
 * smoothing or hysteresis, so that every rule set being compared falls back to the same lists.
 */
public final class Segments {

    private final ArpuTiering tiering;
    private final String unknown;

    public Segments(TriggerRules segmentRules) {
        this.tiering = new ArpuTiering(segmentRules);
        this.unknown = segmentRules.unknownTier().name();
    }

    /** The segment of a user with this profile (null: no profile yet). */
    public String of(UserProfileUpdate profile) {
        if (profile == null || profile.getArpu() == null || !Double.isFinite(profile.getArpu())) {
            return unknown;
        }
        return tiering.plainTier(profile.getArpu()).name();
    }
}
