package io.nearline.recall.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for a job on a MiniCluster in this JVM: it holds on to the job's counters
 * (group {@code nearline}) and sums them over parallel instances, so the demo can show progress and
 * its summary straight from the job's own metrics.
 */
public final class CounterSnapshotReporter implements MetricReporter {

    /** The job's metric group ({@code JobMetrics.GROUP} in flink-jobs, which this module does not depend on). */
    public static final String JOB_GROUP = "nearline";

    private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();
    /** Flink's job-level gauge of restarts (the JobManager's {@code numRestarts}). */
    private static final AtomicReference<Gauge<?>> RESTARTS = new AtomicReference<>();
    static final String RESTARTS_GAUGE = "numRestarts";

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Gauge<?> gauge && RESTARTS_GAUGE.equals(name)) {
            RESTARTS.set(gauge);
        }
        if (metric instanceof Counter && isJobCounter(group)) {
            COUNTERS.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add((Counter) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // keep removed counters: their final values belong in the summary
    }

    /** Current sum of a counter over every instance that registered it since the last {@link #reset()}. */
    public static long value(String name) {
        long sum = 0;
        for (Counter counter : COUNTERS.getOrDefault(name, List.of())) {
            sum += counter.getCount();
        }
        return sum;
    }

    public static Map<String, Long> snapshot() {
        Map<String, Long> values = new TreeMap<>();
        COUNTERS.keySet().forEach(name -> values.put(name, value(name)));
        return values;
    }

    public static void reset() {
        COUNTERS.clear();
        RESTARTS.set(null);
    }

    /** Whether the JobManager has reported the restart gauge, so that {@link #restarts()} is a measurement. */
    public static boolean restartsReported() {
        return RESTARTS.get() != null;
    }

    /** How often the job restarted since it was submitted; 0 before the JobManager reports it. */
    public static long restarts() {
        Gauge<?> gauge = RESTARTS.get();
        Object value = gauge == null ? null : gauge.getValue();
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static boolean isJobCounter(MetricGroup group) {
        for (String component : group.getScopeComponents()) {
            if (JOB_GROUP.equals(component)) {
                return true;
            }
        }
        return false;
    }

    /** Creates the reporter; named in {@code metrics.reporter.<name>.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CounterSnapshotReporter();
        }
    }
}
