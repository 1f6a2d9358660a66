package io.nearline.recall.behaviour;

import java.util.SplittableRandom;

/** Continuous random draws built on StrictMath so a seed gives the same values on every JVM and CPU. */
final class Draws {

    private Draws() {
    }

    static double standardNormal(SplittableRandom random) {
        // Box-Muller; the second value is dropped to keep the draw count per call fixed.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Log-normal with the given median and log-space standard deviation. */
    static double logNormal(SplittableRandom random, double median, double sigma) {
        return median * StrictMath.exp(sigma * standardNormal(random));
    }

    /** Pareto with scale 1 and the given shape. */
    static double pareto(SplittableRandom random, double shape) {
        return StrictMath.pow(1.0 - random.nextDouble(), -1.0 / shape);
    }

    static double exponential(SplittableRandom random, double mean) {
        return -mean * StrictMath.log(1.0 - random.nextDouble());
    }

    /** Rounds to cents, as prices and ARPU are quoted. */
    static double cents(double value) {
        return StrictMath.rint(value * 100.0) / 100.0;
    }

    /** A well-mixed seed for a named sub-stream, so adding draws to one stream never shifts another. */
    static long subSeed(long seed, String stream) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < stream.length(); i++) {
            h = (h ^ stream.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
