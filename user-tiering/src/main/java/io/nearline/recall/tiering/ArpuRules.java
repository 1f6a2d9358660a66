package io.nearline.recall.tiering;

import java.io.Serializable;

/**
 * How ARPU updates become a tier: EWMA weight of each update, relative hysteresis margin, and the tier of users
 * whose ARPU is still unknown.
 */
public record ArpuRules(double smoothing, double hysteresis, String unknownTier) implements Serializable {}
