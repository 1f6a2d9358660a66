package io.nearline.recall.job.inference;

import io.nearline.recall.inference.InferenceException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Failed inferences counted by cause, as {@code inference_failure.failure_<cause>}: the gRPC status code
 * for a call that failed (UNAVAILABLE, DEADLINE_EXCEEDED ...), {@code NO_OBJECT_IN_DELIVERY} for an
 * answer with nothing to recall, the exception's name otherwise. Safe to call from any thread.
 */
public final class FailureCounters {

    /** Every cause counter's name starts with this. */
    public static final String PREFIX = "failure_";

    private final MetricGroup group;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    FailureCounters(MetricGroup group) {
        this.group = group;
    }

    void count(Throwable error) {
        count(cause(error));
    }

    void count(String cause) {
        counters.computeIfAbsent(PREFIX + cause, name -> group.counter(name, new ThreadSafeSimpleCounter())).inc();
    }

    static String cause(Throwable error) {
        Throwable root = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (root instanceof InferenceException inference) {
            return inference.code().name();
        }
        if (root instanceof NothingToRecallException) {
            return "NO_OBJECT_IN_DELIVERY";
        }
        return root == null ? "UNKNOWN" : root.getClass().getSimpleName();
    }
}
