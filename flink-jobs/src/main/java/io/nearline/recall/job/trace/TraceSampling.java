package io.nearline.recall.job.trace;

import io.nearline.recall.config.OptionValues;
import io.nearline.recall.job.JobOptions;
import java.io.Serializable;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * Which recall requests are traced: every request of a pinned user ({@code trace.pinned-users}), and a share
 * ({@code trace.sample-rate}) of the others chosen by a hash of the request ID, so that a request replayed after a
 * restore is traced again or not at all, on every instance alike.
 */
public final class TraceSampling implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String PINNED = "pinned";
    public static final String SAMPLED = "sampled";

    /** No request is traced; a job without a trace sink runs with it. */
    public static final TraceSampling OFF = new TraceSampling(0, Set.of(), 0);

    private final double rate;
    private final Set<String> pinned;
    private final int maxPromptChars;

    public TraceSampling(double rate, Set<String> pinned, int maxPromptChars) {
        OptionValues.require(rate >= 0 && rate <= 1, JobOptions.TRACE_SAMPLE_RATE, rate, "must be between 0 and 1");
        this.rate = rate;
        this.pinned = Set.copyOf(pinned);
        this.maxPromptChars = maxPromptChars;
    }

    public static TraceSampling from(Configuration config) {
        int maxPrompt = config.get(JobOptions.TRACE_MAX_PROMPT_CHARS);
        OptionValues.require(maxPrompt >= 0, JobOptions.TRACE_MAX_PROMPT_CHARS, maxPrompt, "must not be negative");
        return new TraceSampling(config.get(JobOptions.TRACE_SAMPLE_RATE),
                Set.copyOf(OptionValues.list(config.get(JobOptions.TRACE_PINNED_USERS))), maxPrompt);
    }

    /** Why the request is traced ({@link #PINNED} or {@link #SAMPLED}), or null when it is not. */
    public String reason(String requestId, String userId) {
        if (pinned.contains(userId)) {
            return PINNED;
        }
        return rate > 0 && fraction(requestId) < rate ? SAMPLED : null;
    }

    public boolean isOff() {
        return rate == 0 && pinned.isEmpty();
    }

    /** The longest prompt a trace keeps; a longer one is cut (its full length is kept beside it). */
    public int maxPromptChars() {
        return maxPromptChars;
    }

    /** A uniform number in [0, 1) from the ID: FNV-1a over its characters, then a 64-bit finaliser. */
    static double fraction(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash ^= id.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return (hash >>> 11) * 0x1.0p-53;
    }
}
