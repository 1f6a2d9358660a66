package io.nearline.recall.job;

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

    private final MetricGroup group;
    private final String name;
    private final Map<String, Counter> byArm = new ConcurrentHashMap<>();

    public ArmCounters(MetricGroup group, String name) {
        this.group = group;
        this.name = name;
    }

    public void inc(String arm) {
        inc(arm, 1);
    }

    public void inc(String arm, long n) {
        byArm.computeIfAbsent(arm, a -> group.addGroup(KEY, a).counter(name, new ThreadSafeSimpleCounter())).inc(n);
    }
}
