package io.nearline.recall.tradeoff;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long an admitted recall request takes until its answer is in Redis: a log-normal distribution fitted to a
 * median and a 99th percentile (the figures a Triton server's latency histogram gives), cut off by the job's
 * inference timeout. Log-normal because service times are positive and right-skewed; two percentiles pin it down.
 *
 * @param p50Millis median latency
 * @param p99Millis 99th percentile, at least the median (equal: a fixed latency)
 * @param timeoutMillis a request slower than this is dropped by the job and leaves no recall
 */
public record InferenceLatency(double p50Millis, double p99Millis, long timeoutMillis) {

    /** The 0.99 quantile of the standard normal distribution. */
    private static final double Z99 = 2.326_347_874;

    public InferenceLatency {
        if (!(p50Millis >= 0) || !(p99Millis >= p50Millis) || timeoutMillis < 0) {
            throw new IllegalArgumentException("latency needs 0 <= p50 <= p99 and a timeout >= 0, was p50="
                    + p50Millis + " p99=" + p99Millis + " timeout=" + timeoutMillis);
        }
    }

    /** A latency that is always {@code millis}. */
    public static InferenceLatency fixed(double millis, long timeoutMillis) {
        return new InferenceLatency(millis, millis, timeoutMillis);
    }

    /** One draw in milliseconds; {@link Long#MAX_VALUE} stands for "never answered within the timeout". */
    public long sample(SplittableRandom random) {
        double millis = p50Millis;
        if (p99Millis > p50Millis && p50Millis > 0) {
            double sigma = (Math.log(p99Millis) - Math.log(p50Millis)) / Z99;
            millis = Math.exp(Math.log(p50Millis) + sigma * random.nextGaussian());
        }
        long rounded = Math.round(millis);
        return rounded > timeoutMillis ? Long.MAX_VALUE : rounded;
    }

    public String describe() {
        return p99Millis == p50Millis
                ? String.format(Locale.ROOT, "fixed %.0f ms (timeout %d ms)", p50Millis, timeoutMillis)
                : String.format(Locale.ROOT, "log-normal, p50 %.0f ms, p99 %.0f ms (timeout %d ms)", p50Millis,
                        p99Millis, timeoutMillis);
    }
}
