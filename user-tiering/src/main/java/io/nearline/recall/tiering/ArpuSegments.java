package io.nearline.recall.tiering;

import io.nearline.recall.avro.UserProfileUpdate;

/**
 * Fixed ARPU segments: the tiers of one rules file, without smoothing or hysteresis. The non-personal fallback
 * recall is kept per segment, so that it does not move with the trigger rules in force (every rule set compared
 * falls back to the same lists, and a rules update does not re-key the fallback).
 */
public final class ArpuSegments implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    private final ArpuTiering tiering;
    private final String unknown;

    public ArpuSegments(TriggerRules segmentRules) {
        this.tiering = new ArpuTiering(segmentRules);
        this.unknown = segmentRules.unknownTier().name();
    }

    /** The segment of a user with this profile (null, or no ARPU: the rules' unknown tier). */
    public String of(UserProfileUpdate profile) {
        if (profile == null || profile.getArpu() == null || !Double.isFinite(profile.getArpu())) {
            return unknown;
        }
        return tiering.plainTier(profile.getArpu()).name();
    }
}
