package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecallTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Figures over the recently traced users: calls per tier over time, latency by stage, failures, live HR@K. */
final class AggregatesPage {

    private AggregatesPage() {}

    /** Over every arm, or only the traces of {@code arm} when it is given. */
    static String render(InspectorData data, String arm) {
        List<List<RecallTrace>> everyArm = data.recentTraces();
        boolean oneArm = arm != null && !arm.isEmpty();
        List<List<RecallTrace>> byUser = oneArm ? ArmComparison.only(everyArm, arm) : everyArm;
        Aggregates all = Aggregates.of(byUser);
        StringBuilder body = new StringBuilder("<h1>Aggregates").append(oneArm ? " of arm <span id=\"arm-shown\">"
                + Html.escape(arm) + "</span>" : "").append("</h1>").append(armSwitch(everyArm, arm))
                .append("<p class=\"muted\">Over the traces of the ")
                .append(byUser.size()).append(" most recently traced users: ").append(all.traces())
                .append(" traced requests, ").append(all.recalls()).append(" with a recall, ").append(all.failed())
                .append(" failed. Traces are a sample (trace.sample-rate) plus pinned users.</p>");
        body.append("<h2>Calls per tier over time</h2><p class=\"muted\">traced requests per ")
                .append(Html.decimal(all.bucketMillis() / 1000.0, 1)).append(" s</p>")
                .append(SvgCharts.lines("chart-calls", all.callsPerTier(), all.bucketStart(), all.bucketMillis()));
        body.append("<h2>Latency by stage</h2>").append(latency(all));
        body.append("<h2>Failures by cause</h2>");
        Map<String, Double> failures = new LinkedHashMap<>();
        all.failures().forEach((cause, count) -> failures.put(cause, count.doubleValue()));
        body.append(failures.isEmpty() ? "<p id=\"failures\">none</p>" : SvgCharts.bars("chart-failures", failures, "requests"));
        body.append("<h2>Live HR@K</h2>").append(hitRates(all));
        return Html.page("aggregates", body.toString());
    }

    /** Links to every arm's aggregates, the one shown marked. */
    private static String armSwitch(List<List<RecallTrace>> byUser, String shown) {
        java.util.Set<String> arms = new java.util.TreeSet<>();
        byUser.forEach(traces -> traces.forEach(t -> arms.add(ArmComparison.armOf(t))));
        StringBuilder links = new StringBuilder("<p id=\"arm-switch\">arm: ");
        links.append(shown == null || shown.isEmpty() ? "<strong>all</strong>" : "<a href=\"/aggregates\" id=\"arm-all\">all</a>");
        for (String arm : arms) {
            links.append(" | ").append(arm.equals(shown) ? "<strong>" + Html.escape(arm) + "</strong>"
                    : "<a class=\"arm-link\" id=\"arm-" + Html.escape(arm) + "\" href=\"/aggregates?arm=" + Html.path(arm)
                    + "\">" + Html.escape(arm) + "</a>");
        }
        return links.append(" (<a href=\"/experiments\">side by side</a>)</p>").toString();
    }

    private static String latency(Aggregates all) {
        StringBuilder table = new StringBuilder("<table id=\"latency\"><tr><th>stage</th><th>n</th><th>p50 ms</th>"
                + "<th>p90 ms</th><th>p99 ms</th><th>max ms</th></tr>");
        Map<String, Double> p99 = new LinkedHashMap<>();
        all.stageMillis().forEach((stage, sorted) -> {
            table.append("<tr><td>").append(Html.escape(stage)).append("</td><td class=\"num\">").append(sorted.length);
            for (double p : new double[] {50, 90, 99, 100}) {
                table.append("</td><td class=\"num\">").append(Aggregates.percentile(sorted, p));
            }
            table.append("</td></tr>");
            p99.put(stage, (double) Aggregates.percentile(sorted, 99));
        });
        return table.append("</table><p class=\"muted\">p99 by stage</p>")
                .append(SvgCharts.bars("chart-latency", p99, "ms")).toString();
    }

    static String hitRates(Aggregates a) {
        if (a.scored() == 0) {
            return "<p id=\"hit-rates\">No traced recall has a later traced ad click yet.</p>";
        }
        return "<table id=\"hit-rates\"><tr><th>recalls scored</th><th>HR@5</th><th>HR@10</th><th>HR@all</th></tr><tr>"
                + "<td class=\"num\">" + a.scored() + "</td><td class=\"num\">" + rate(a.hitsAt5(), a.scored())
                + "</td><td class=\"num\">" + rate(a.hitsAt10(), a.scored()) + "</td><td class=\"num\">"
                + rate(a.hitsAtAll(), a.scored()) + "</td></tr></table><p class=\"muted\">each traced recall scored on the "
                + "user's next ad click or conversion, as the user's later traces show it</p>";
    }

    static String rate(int hits, int n) {
        return Html.decimal(hits / (double) n, 3);
    }
}
