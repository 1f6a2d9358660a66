package io.nearline.recall.tiering;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one simulated replay: inference calls per tier, per hour and at peak, sheds, and coverage. */
public final class SimulationReport {

    private static final long HOUR_MS = 3_600_000L;

    /** One named figure of the report, as rendered and compared by {@code diff}. */
    public record Figure(String name, double value, String unit) {}

    private final String log;
    private final String rulesVersion;
    private final long firstEvent;
    private final long lastEvent;
    private final TreeMap<Long, Long> callsPerHour;
    private final LinkedHashMap<String, Figure> figures;

    private SimulationReport(Builder b, LinkedHashMap<String, Figure> figures) {
        this.log = b.log;
        this.rulesVersion = b.rulesVersion;
        this.firstEvent = b.firstEvent;
        this.lastEvent = b.lastEvent;
        this.callsPerHour = b.callsPerHour;
        this.figures = figures;
    }

    public String log() {
        return log;
    }

    public String rulesVersion() {
        return rulesVersion;
    }

    /** Every figure, in report order, by name. */
    public Map<String, Figure> figures() {
        return figures;
    }

    public double figure(String name) {
        Figure f = figures.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no figure '" + name + "' in " + figures.keySet());
        }
        return f.value();
    }

    /** Inference calls admitted in each hour (hours since the epoch, UTC) that had any. */
    public Map<Long, Long> callsPerHour() {
        return callsPerHour;
    }

    /** The replayed span, first to last behaviour. */
    public String span() {
        return firstEvent > lastEvent ? "(no events)"
                : Instant.ofEpochMilli(firstEvent) + " .. " + Instant.ofEpochMilli(lastEvent);
    }

    /** Accumulates a replay's outcomes; used by {@link TriggerSimulation}. */
    static final class Builder {
        private final String log;
        private final String rulesVersion;
        private long events;
        private long firstEvent = Long.MAX_VALUE;
        private long lastEvent = Long.MIN_VALUE;
        private long lastDecision = Long.MIN_VALUE;
        private final Map<String, Long> fired = new HashMap<>();
        private final TreeMap<Long, Long> callsPerHour = new TreeMap<>();
        private final Map<Long, Long> callsPerSecond = new HashMap<>();
        private final Map<BudgetOutcome.ShedReason, Long> shedByReason = new HashMap<>();
        private long admitted;
        private long coveredWithinMinute;
        private long coveredWithinHour;
        private long waitSum;
        private long waitMax;

        Builder(String log, String rulesVersion) {
            this.log = log;
            this.rulesVersion = rulesVersion;
        }

        void behaviour(long time) {
            events++;
            firstEvent = Math.min(firstEvent, time);
            lastEvent = Math.max(lastEvent, time);
        }

        void fired(String tier) {
            fired.merge(tier, 1L, Long::sum);
        }

        void decided(BudgetOutcome<?> outcome) {
            lastDecision = Math.max(lastDecision, outcome.decidedAt());
            if (!outcome.admitted()) {
                shedByReason.merge(outcome.shedReason(), 1L, Long::sum);
                return;
            }
            admitted++;
            waitSum += outcome.waitedMs();
            waitMax = Math.max(waitMax, outcome.waitedMs());
            callsPerHour.merge(Math.floorDiv(outcome.decidedAt(), HOUR_MS), 1L, Long::sum);
            callsPerSecond.merge(Math.floorDiv(outcome.decidedAt(), 1000L), 1L, Long::sum);
        }

        /** A behaviour was first included in an admitted inference {@code delayMs} after it happened. */
        void covered(long delayMs) {
            coveredWithinMinute += delayMs <= 60_000L ? 1 : 0;
            coveredWithinHour += delayMs <= HOUR_MS ? 1 : 0;
        }

        long lastDecision() {
            return lastDecision;
        }

        SimulationReport finish(List<String> tiers, Map<String, Long> usersPerTier, long users, long usersCovered,
                                long behavioursCovered, Map<String, Long> admittedByTier, Map<String, Long> shedByTier) {
            LinkedHashMap<String, Figure> f = new LinkedHashMap<>();
            put(f, "behaviours", events, "");
            put(f, "users", users, "");
            put(f, "fires", fired.values().stream().mapToLong(Long::longValue).sum(), "");
            put(f, "inference calls", admitted, "");
            put(f, "calls per 1000 behaviours", events == 0 ? 0 : 1000.0 * admitted / events, "");
            put(f, "shed", shedByReason.values().stream().mapToLong(Long::longValue).sum(), "");
            put(f, "shed: queue full", shedByReason.getOrDefault(BudgetOutcome.ShedReason.QUEUE_FULL, 0L), "");
            put(f, "shed: max wait", shedByReason.getOrDefault(BudgetOutcome.ShedReason.MAX_WAIT, 0L), "");
            long hours = events == 0 ? 0 : Math.floorDiv(lastEvent, HOUR_MS) - Math.floorDiv(firstEvent, HOUR_MS) + 1;
            put(f, "calls per hour (mean)", hours == 0 ? 0 : (double) admitted / hours, "");
            put(f, "calls per hour (peak)", callsPerHour.values().stream().mapToLong(Long::longValue).max().orElse(0), "");
            put(f, "calls per second (peak)", callsPerSecond.values().stream().mapToLong(Long::longValue).max().orElse(0), "");
            put(f, "budget wait (mean)", admitted == 0 ? 0 : (double) waitSum / admitted, "ms");
            put(f, "budget wait (max)", waitMax, "ms");
            put(f, "users covered", users == 0 ? 0 : 100.0 * usersCovered / users, "%");
            put(f, "behaviours covered", events == 0 ? 0 : 100.0 * behavioursCovered / events, "%");
            put(f, "covered within 1 min", events == 0 ? 0 : 100.0 * coveredWithinMinute / events, "%");
            put(f, "covered within 1 h", events == 0 ? 0 : 100.0 * coveredWithinHour / events, "%");
            for (String tier : tiers) {
                put(f, "tier " + tier + ": users", usersPerTier.getOrDefault(tier, 0L), "");
                put(f, "tier " + tier + ": fires", fired.getOrDefault(tier, 0L), "");
                put(f, "tier " + tier + ": calls", admittedByTier.getOrDefault(tier, 0L), "");
                put(f, "tier " + tier + ": shed", shedByTier.getOrDefault(tier, 0L), "");
            }
            return new SimulationReport(this, f);
        }

        private static void put(Map<String, Figure> f, String name, double value, String unit) {
            f.put(name, new Figure(name, value, unit));
        }
    }
}
