package io.nearline.recall.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * One counter per experiment arm, under {@code nearline.arm.<arm>.<name>}: a key-value group, so a reporter sees the
 * arm as a label ({@code arm="control"} in Prometheus) beside the job-wide total of the same name. Arms appear as the
 * rules in force name them, also when the rules change while the job runs. Safe to count from any thread.
 */
public final class ArmCounters {

    /** The key of the per-arm metric groups. */
    public static final String KEY = "arm";

    /** Every counter the job keeps per arm (see {@link JobMetrics}). */
    public static final List<String> COUNTED = List.of(JobMetrics.RECALL_REQUESTS, JobMetrics.INFERENCE_CALLS,
            JobMetrics.INFERENCE_MILLIS, JobMetrics.INFERENCE_SUCCEEDED, JobMetrics.INFERENCE_FAILED,
            JobMetrics.INFERENCE_TIMED_OUT, JobMetrics.RECALLS_WRITTEN, JobMetrics.LIVE_SCORED, JobMetrics.LIVE_HITS_AT_5,
            JobMetrics.LIVE_HITS_AT_10, JobMetrics.LIVE_HITS_AT_ALL, JobMetrics.SERVED_TARGETS,
            JobMetrics.SERVED_HITS_AT_10, JobMetrics.FIRST_TARGETS, JobMetrics.FIRST_COVERED,
            JobMetrics.FIRST_HITS_COVERED, JobMetrics.FIRST_HITS_WITH_FALLBACK);

    private final MetricGroup group;
    private final String name;
    private final Map<String, Counter> byArm = new ConcurrentHashMap<>();

    public ArmCounters(MetricGroup group, String name) {
        this.group = group;
        this.name = name;
    }

    /** The Prometheus name of a per-arm counter; the arm is its label {@value #KEY}. */
    public static String prometheusName(String counter) {
        return JobMetrics.prometheusName(KEY, counter);
    }

    public void inc(String arm) {
        inc(arm, 1);
    }

    public void inc(String arm, long n) {
        byArm.computeIfAbsent(arm, a -> group.addGroup(KEY, a).counter(name, new ThreadSafeSimpleCounter())).inc(n);
    }
}
