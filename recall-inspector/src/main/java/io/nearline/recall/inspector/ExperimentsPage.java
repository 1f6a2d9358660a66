package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecallTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The experiment's arms side by side, each a link to the aggregates of that arm alone. */
final class ExperimentsPage {

    private ExperimentsPage() {}

    static String render(InspectorData data) {
        List<List<RecallTrace>> byUser = data.recentTraces();
        Map<String, ArmComparison.Arm> arms = ArmComparison.of(byUser, user -> data.recall(user).isFound());
        StringBuilder body = new StringBuilder("<h1>Experiments</h1><p class=\"muted\">The arms of the rules in force"
                + " (user-tiering's README, Experiments) over the traces of the ").append(byUser.size())
                .append(" most recently traced users. Counts are of traced requests (a sample); rates show their 95%"
                        + " Wilson interval. Served HR@10: each ad click after the user's first"
                        + " traced request on the newest traced recall before it (a miss without one), as the job's"
                        + " nearline.arm.&lt;arm&gt;.served_hits_at_10 scores it; exact where every request is traced"
                        + " (pinned users, trace.sample-rate 1).</p>");
        if (arms.isEmpty()) {
            return Html.page("experiments", body.append("<p id=\"arms-table\">No traces yet.</p>").toString());
        }
        body.append("<table id=\"arms-table\"><tr><th>arm</th><th>users</th><th>traced calls</th><th>failed</th>"
                + "<th>GPU time s</th><th>ms per call</th><th>recalls scored</th><th>live HR@5</th><th>live HR@10</th>"
                + "<th>live HR@all</th><th>clicks served</th><th>served HR@10</th><th>coverage</th></tr>");
        Map<String, Double> hr10 = new LinkedHashMap<>();
        for (ArmComparison.Arm arm : arms.values()) {
            body.append("<tr id=\"arm-").append(Html.escape(arm.name())).append("\"><td><a class=\"arm-link\" href=\"/aggregates?arm=")
                    .append(Html.path(arm.name())).append("\">").append(Html.escape(arm.name())).append("</a></td>")
                    .append(num(arm.users())).append(num(arm.calls())).append(num(arm.failed()))
                    .append(cell(Html.decimal(arm.inferenceMillis() / 1000.0, 1)))
                    .append(cell(arm.calls() == 0 ? "-" : Html.decimal((double) arm.inferenceMillis() / arm.calls(), 1)))
                    .append(num(arm.scored()))
                    .append(cell(Wilson.shown(arm.hitsAt5(), arm.scored())))
                    .append(cell(Wilson.shown(arm.hitsAt10(), arm.scored())))
                    .append(cell(Wilson.shown(arm.hitsAtAll(), arm.scored())))
                    .append(num(arm.servedTargets()))
                    .append(cell(Wilson.shown(arm.servedHitsAt10(), arm.servedTargets())))
                    .append(cell(Wilson.shown(arm.covered(), arm.users()))).append("</tr>");
            hr10.put(arm.name(), arm.scored() == 0 ? 0.0 : (double) arm.hitsAt10() / arm.scored());
        }
        body.append("</table><p class=\"muted\">coverage: the arm's users with a usable recall in the store now;"
                + " GPU time: the inference stage of the traced calls</p>");
        body.append("<h2>Live HR@10 by arm</h2>").append(SvgCharts.bars("chart-arms", hr10, ""));
        return Html.page("experiments", body.toString());
    }

    private static String num(long value) {
        return "<td class=\"num\">" + value + "</td>";
    }

    private static String cell(String text) {
        return "<td class=\"num\">" + text + "</td>";
    }
}
