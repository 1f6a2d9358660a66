package io.nearline.recall.tradeoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trade-off as Markdown: one row per rule set (the first is the baseline every other is compared with), then
 * one table per rule set with a row per tier. Every figure is checked against the counts it comes from before it is
 * printed: the covered targets and hits cannot exceed the targets, the tiers add up to the whole.
 */
public final class TradeOffTable {

    private static final int RESAMPLES = 1000;

    private TradeOffTable() {
    }

    /** The tables for {@code runs}, first one the baseline; {@code depth} is the K of HR@K. */
    public static String render(List<TradeOffRun> runs, int depth, long seed) {
        List<TierTally> overall = runs.stream().map(TradeOffRun::overall).toList();
        overall.forEach(TradeOffTable::check);
        PairedBootstrap bootstrap = bootstrap(overall, runs, seed);
        TierTally base = overall.get(0);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| rules | calls / 1000 behaviours | fewer calls than %s | coverage "
                + "| served HR@%d given coverage | served HR@%d with fallback (95%% CI) | vs %s (95%% CI) "
                + "| staleness p50 / p90 | missed input changes p50 / p90 | shed | ad CTR |%n", runs.get(0).label(), depth,
                depth, runs.get(0).label()));
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < runs.size(); i++) {
            TierTally t = overall.get(i);
            PairedBootstrap.Interval withFallback = bootstrap.ratio(t, TierTally.HITS_WITH_FALLBACK, TierTally.TARGETS);
            String versus = i == 0 ? "-" : percentInterval(bootstrap.relativeDifference(t, base,
                    TierTally.HITS_WITH_FALLBACK, TierTally.TARGETS));
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s | %s | %s / %s | %s / %s | %d | %s |%n",
                    runs.get(i).label(), perThousand(t.calls(), t.behaviours()),
                    t.calls() == 0 ? "-" : String.format(Locale.ROOT, "%.1fx", (double) base.calls() / t.calls()),
                    ratio(t.covered(), t.targets()), ratio(t.hitsCovered(), t.covered()), interval(withFallback),
                    versus, duration(t.stalenessMs().quantile(0.5)), duration(t.stalenessMs().quantile(0.9)),
                    count(t.missedChanges().quantile(0.5)), count(t.missedChanges().quantile(0.9)), t.shed(),
                    ratio(t.clicks(), t.impressions())));
        }
        for (TradeOffRun run : runs) {
            out.append(String.format(Locale.ROOT, "%n%s, per tier:%n%n", run.label()));
            out.append(String.format(Locale.ROOT, "| tier | behaviours | calls / 1000 behaviours | targets | coverage "
                    + "| served HR@%d given coverage | served HR@%d with fallback (95%% CI) | staleness p50 | shed |%n",
                    depth, depth));
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, TierTally> tier : run.tiers().entrySet()) {
                TierTally t = tier.getValue();
                check(t);
                out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %d | %s | %s | %s | %s | %d |%n",
                        tier.getKey(), t.behaviours(), perThousand(t.calls(), t.behaviours()), t.targets(),
                        ratio(t.covered(), t.targets()), ratio(t.hitsCovered(), t.covered()),
                        t.targets() == 0 ? "-" : interval(bootstrap.ratio(t, TierTally.HITS_WITH_FALLBACK,
                                TierTally.TARGETS)), duration(t.stalenessMs().quantile(0.5)), t.shed()));
            }
        }
        return out.toString();
    }

    /**
     * Each rule set's point on the frontier: calls per 1000 behaviours, served HR@K with fallback and the same interval
     * the table prints; a rule set without targets has no point.
     */
    public static List<FrontierPlot.Point> frontier(List<TradeOffRun> runs, long seed) {
        List<TierTally> overall = runs.stream().map(TradeOffRun::overall).toList();
        overall.forEach(TradeOffTable::check);
        PairedBootstrap bootstrap = bootstrap(overall, runs, seed);
        List<FrontierPlot.Point> points = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            TierTally t = overall.get(i);
            if (t.targets() == 0) {
                continue;
            }
            PairedBootstrap.Interval hr = bootstrap.ratio(t, TierTally.HITS_WITH_FALLBACK, TierTally.TARGETS);
            points.add(new FrontierPlot.Point(runs.get(i).label(), perThousand(t.calls(), t.behaviours()),
                    hr.estimate(), hr.low(), hr.high()));
        }
        return points;
    }

    /** One bootstrap over the same tallies for the table and the plot, so that both print the same intervals. */
    private static PairedBootstrap bootstrap(List<TierTally> overall, List<TradeOffRun> runs, long seed) {
        List<TierTally> everyTally = new ArrayList<>(overall);
        runs.forEach(r -> everyTally.addAll(r.tiers().values()));
        return new PairedBootstrap(everyTally, RESAMPLES, seed);
    }

    /**
     * Each rule set's tiers under a scarce budget beside the same tiers unbounded ({@code unbounded.get(i)} and
     * {@code bounded.get(i)} are one rule set): calls, shed share, served HR@K with fallback and the paired change.
     */
    public static String renderBudget(List<TradeOffRun> unbounded, List<TradeOffRun> bounded, int depth, long seed) {
        List<TierTally> everyTally = new ArrayList<>();
        unbounded.forEach(r -> everyTally.addAll(r.tiers().values()));
        bounded.forEach(r -> everyTally.addAll(r.tiers().values()));
        PairedBootstrap bootstrap = new PairedBootstrap(everyTally, RESAMPLES, seed);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| rules | tier | calls unbounded | calls bounded | shed share "
                + "| served HR@%d unbounded | served HR@%d bounded | change (95%% CI) |%n", depth, depth));
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < bounded.size(); i++) {
            for (Map.Entry<String, TierTally> tier : bounded.get(i).tiers().entrySet()) {
                TierTally scarce = tier.getValue();
                TierTally free = unbounded.get(i).tiers().get(tier.getKey());
                check(scarce);
                if (free == null || free.targets() == 0) {
                    continue;
                }
                long offered = scarce.calls() + scarce.shed();
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %s |%n",
                        bounded.get(i).label(), tier.getKey(), free.calls(), scarce.calls(), ratio(scarce.shed(), offered),
                        ratio(free.hitsWithFallback(), free.targets()), ratio(scarce.hitsWithFallback(), scarce.targets()),
                        percentInterval(bootstrap.relativeDifference(scarce, free, TierTally.HITS_WITH_FALLBACK,
                                TierTally.TARGETS))));
            }
        }
        return out.toString();
    }

    /** The invariants every printed figure rests on; a broken one is a bug in the simulation, not a result. */
    static void check(TierTally t) {
        for (long[] cell : t.users.values()) {
            if (cell[TierTally.COVERED] > cell[TierTally.TARGETS]
                    || cell[TierTally.HITS_COVERED] > cell[TierTally.COVERED]
                    || cell[TierTally.HITS_WITH_FALLBACK] > cell[TierTally.TARGETS]
                    || cell[TierTally.HITS_COVERED] > cell[TierTally.HITS_WITH_FALLBACK]) {
                throw new IllegalStateException("inconsistent target counts " + java.util.Arrays.toString(cell));
            }
        }
        if (t.stalenessMs().size() != t.covered() || t.missedChanges().size() != t.covered()) {
            throw new IllegalStateException("staleness samples (" + t.stalenessMs().size()
                    + ") do not match the covered targets (" + t.covered() + ")");
        }
        if (t.timedOut() > t.calls()) {
            throw new IllegalStateException("more timed-out calls than calls");
        }
    }

    private static double perThousand(long part, long whole) {
        return whole == 0 ? 0 : 1000.0 * part / whole;
    }

    private static String ratio(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.4f", (double) part / whole);
    }

    private static String interval(PairedBootstrap.Interval i) {
        return String.format(Locale.ROOT, "%.4f (%.4f-%.4f)", i.estimate(), i.low(), i.high());
    }

    private static String percentInterval(PairedBootstrap.Interval i) {
        return String.format(Locale.ROOT, "%+.1f%% (%+.1f%% to %+.1f%%)", 100 * i.estimate(), 100 * i.low(),
                100 * i.high());
    }

    private static String count(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }

    static String duration(long millis) {
        if (millis < 0) {
            return "-";
        }
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() >= 48) {
            return String.format(Locale.ROOT, "%.1f d", millis / 86_400_000.0);
        }
        if (d.toMinutes() >= 120) {
            return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
        }
        if (d.toSeconds() >= 120) {
            return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
