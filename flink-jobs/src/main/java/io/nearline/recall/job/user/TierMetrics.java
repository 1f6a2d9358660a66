package io.nearline.recall.job.user;

import io.nearline.recall.tiering.TriggerCounters;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per-tier metrics of the trigger operator, under {@code nearline.tier.<name>}: triggers fired and
 * users in the tier (as this instance's policy last placed them). Tiers appear as rules name them.
 */
final class TierMetrics {

    static final String NO_TIER = "none";

    private final MetricGroup group;
    private final Supplier<TriggerCounters> counters;
    private final Map<String, Counter> fired = new HashMap<>();

    TierMetrics(MetricGroup group, Supplier<TriggerCounters> counters) {
        this.group = group;
        this.counters = counters;
    }

    void fired(String tier) {
        String name = tier == null ? NO_TIER : tier;
        fired.computeIfAbsent(name, this::register).inc();
    }

    private Counter register(String tier) {
        MetricGroup tierGroup = group.addGroup("tier", tier);
        tierGroup.gauge("users", () -> counters.get().usersByTier().getOrDefault(tier, 0L));
        return tierGroup.counter("triggers");
    }
}
