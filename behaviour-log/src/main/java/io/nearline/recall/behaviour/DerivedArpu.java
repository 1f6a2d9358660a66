package io.nearline.recall.behaviour;

import java.util.SplittableRandom;

/**
 * ARPU for datasets that lack it: {@code n^0.7 * e^(0.6 z)}, rounded to cents, where n is the user's event count
 * and z a standard normal drawn from (seed, userId). Busier users are worth more, with log-normal spread, and the
 * value depends on nothing but the seed, the user and their count.
 */
final class DerivedArpu {

    static final double ACTIVITY_EXPONENT = 0.7;
    static final double NOISE_SIGMA = 0.6;

    private DerivedArpu() {
    }

    static double of(long seed, String userId, int events) {
        SplittableRandom random = new SplittableRandom(Draws.subSeed(seed, "arpu:" + userId));
        double z = Draws.standardNormal(random);
        return Draws.cents(StrictMath.pow(Math.max(1, events), ACTIVITY_EXPONENT) * StrictMath.exp(NOISE_SIGMA * z));
    }
}
