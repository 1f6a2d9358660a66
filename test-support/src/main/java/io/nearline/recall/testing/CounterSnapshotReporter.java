package io.nearline.recall.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for a job on a MiniCluster in this JVM: it holds on to the job's counters
 * (group {@code nearline}) and sums them over parallel instances, so the demo can show progress and
 * its summary straight from the job's own metrics. It keeps the job's gauges too, by their path below
 * {@code nearline} ({@code fleet.calls}, {@code fleet.code.UNAVAILABLE.failures}), and the name Flink's
 * Prometheus reporter would give each of the job's metrics, so tests can check what a scrape would show.
 */
public final class CounterSnapshotReporter implements MetricReporter {

    /** The job's metric group ({@code JobMetrics.GROUP} in flink-jobs, which this module does not depend on). */
    public static final String JOB_GROUP = "nearline";

    private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();
    /** The per-arm counters ({@code nearline.arm.<arm>.<name>}), by arm and name; kept apart so totals stay totals. */
    private static final Map<String, Map<String, List<Counter>>> ARM_COUNTERS = new ConcurrentHashMap<>();
    /** The key of the job's per-arm metric groups ({@code ArmCounters.KEY} in flink-jobs). */
    public static final String ARM_KEY = "arm";
    private static final Map<String, List<Gauge<?>>> GAUGES = new ConcurrentHashMap<>();
    /** Every job counter by its path below {@code nearline} ({@code tier.gold.inference_answered}). */
    private static final Map<String, List<Counter>> COUNTERS_BY_PATH = new ConcurrentHashMap<>();
    private static final Set<String> PROMETHEUS_NAMES = ConcurrentHashMap.newKeySet();
    /** The Prometheus reporter's rule: anything but letters, digits, ':' and '_' becomes '_'. */
    private static final CharacterFilter PROMETHEUS_CHARACTERS = input -> input.replaceAll("[^a-zA-Z0-9:_]", "_");
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
        String arm = isJobCounter(group) ? armOf(group) : null;
        if (metric instanceof Counter counter && arm != null) {
            ARM_COUNTERS.computeIfAbsent(arm, key -> new ConcurrentHashMap<>())
                    .computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add(counter);
        } else if (metric instanceof Counter && isJobCounter(group)) {
            COUNTERS.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add((Counter) metric);
        }
        if (metric instanceof Counter counter && isJobCounter(group)) {
            COUNTERS_BY_PATH.computeIfAbsent(jobPath(group, name), key -> new CopyOnWriteArrayList<>()).add(counter);
        }
        if (metric instanceof Gauge<?> gauge && isJobCounter(group)) {
            GAUGES.computeIfAbsent(jobPath(group, name), key -> new CopyOnWriteArrayList<>()).add(gauge);
        }
        if (isJobCounter(group) && group instanceof LogicalScopeProvider scope) {
            PROMETHEUS_NAMES.add("flink_" + scope.getLogicalScope(PROMETHEUS_CHARACTERS, '_') + "_"
                    + PROMETHEUS_CHARACTERS.filterCharacters(name));
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

    /** Sum of one arm's counter over every instance (0 when the arm never counted it). */
    public static long armValue(String arm, String name) {
        long sum = 0;
        for (Counter counter : ARM_COUNTERS.getOrDefault(arm, Map.of()).getOrDefault(name, List.of())) {
            sum += counter.getCount();
        }
        return sum;
    }

    /** The arms that registered a counter, in name order. */
    public static Set<String> arms() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(ARM_COUNTERS.keySet()));
    }

    /** The values of a job gauge, one per instance that registered it, by its path below {@code nearline}. */
    public static List<Object> gaugeValues(String path) {
        List<Object> values = new ArrayList<>();
        GAUGES.getOrDefault(path, List.of()).forEach(gauge -> values.add(gauge.getValue()));
        return values;
    }

    /** The names Flink's Prometheus reporter gives the job's metrics registered so far. */
    public static Set<String> prometheusNames() {
        return Set.copyOf(PROMETHEUS_NAMES);
    }

    /** Every job counter summed over its instances, by its path below {@code nearline}. */
    public static Map<String, Long> pathSnapshot() {
        Map<String, Long> values = new TreeMap<>();
        COUNTERS_BY_PATH.forEach((path, counters) -> values.put(path,
                counters.stream().mapToLong(Counter::getCount).sum()));
        return values;
    }

    public static Map<String, Long> snapshot() {
        Map<String, Long> values = new TreeMap<>();
        COUNTERS.keySet().forEach(name -> values.put(name, value(name)));
        return values;
    }

    public static void reset() {
        COUNTERS.clear();
        ARM_COUNTERS.clear();
        COUNTERS_BY_PATH.clear();
        GAUGES.clear();
        PROMETHEUS_NAMES.clear();
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

    /** The arm of a counter in {@code nearline.arm.<arm>}, or null outside an arm group. */
    private static String armOf(MetricGroup group) {
        String[] components = group.getScopeComponents();
        for (int i = 0; i + 2 < components.length; i++) {
            if (JOB_GROUP.equals(components[i]) && ARM_KEY.equals(components[i + 1])) {
                return components[i + 2];
            }
        }
        return null;
    }

    private static String jobPath(MetricGroup group, String name) {
        String[] components = group.getScopeComponents();
        StringBuilder path = new StringBuilder();
        boolean below = false;
        for (String component : components) {
            if (below) {
                path.append(component).append('.');
            }
            below |= JOB_GROUP.equals(component);
        }
        return path.append(name).toString();
    }

    /** Creates the reporter; named in {@code metrics.reporter.<name>.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CounterSnapshotReporter();
        }
    }
}
