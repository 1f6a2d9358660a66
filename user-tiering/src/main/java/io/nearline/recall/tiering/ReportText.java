package io.nearline.recall.tiering;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders simulation reports as plain-text tables for the ops CLI: one report, or two side by side. */
final class ReportText {

    private ReportText() {}

    static String render(SimulationReport r, boolean hourly) {
        StringBuilder s = new StringBuilder();
        s.append("log:   ").append(r.log()).append('\n');
        s.append("rules: ").append(r.rulesVersion()).append('\n');
        s.append("span:  ").append(r.span()).append('\n');
        for (SimulationReport.Figure f : r.figures().values()) {
            s.append(String.format(Locale.ROOT, "  %-28s %14s%n", f.name(), format(f)));
        }
        if (hourly) {
            s.append("inference calls per hour:\n");
            for (Map.Entry<Long, Long> e : r.callsPerHour().entrySet()) {
                s.append(String.format(Locale.ROOT, "  %s %8d%n", Instant.ofEpochMilli(e.getKey() * 3_600_000L), e.getValue()));
            }
        }
        return s.toString();
    }

    static String diff(SimulationReport a, SimulationReport b) {
        StringBuilder s = new StringBuilder();
        s.append("log: ").append(a.log()).append('\n');
        s.append(String.format(Locale.ROOT, "  %-28s %14s %14s %10s%n", "figure", a.rulesVersion(), b.rulesVersion(), "change"));
        Set<String> names = new LinkedHashSet<>(a.figures().keySet());
        names.addAll(b.figures().keySet());
        for (String name : names) {
            SimulationReport.Figure fa = a.figures().get(name);
            SimulationReport.Figure fb = b.figures().get(name);
            String change = fa == null || fb == null ? "" : change(fa.value(), fb.value());
            s.append(String.format(Locale.ROOT, "  %-28s %14s %14s %10s%n", name,
                    fa == null ? "-" : format(fa), fb == null ? "-" : format(fb), change));
        }
        return s.toString();
    }

    private static String change(double a, double b) {
        if (a == b) {
            return "=";
        }
        if (a == 0) {
            return "new";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100.0 * (b - a) / a);
    }

    private static String format(SimulationReport.Figure f) {
        double v = f.value();
        String number = v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v)
                : String.format(Locale.ROOT, "%.2f", v);
        return number + (f.unit().isEmpty() ? "" : " " + f.unit());
    }
}
