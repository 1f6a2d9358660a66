package io.nearline.recall.inspector;

import io.nearline.recall.avro.DroppedBeam;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.TraceStage;
import io.nearline.recall.avro.TracedBeam;
import io.nearline.recall.avro.TracedBehaviour;
import io.nearline.recall.cache.trace.StoreOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One traced recall request: why it fired, the prompt as the model saw it (the frozen prefix marked), the recall
 * as text with what the user clicked after, and each stage of the job expandable with what it did.
 */
final class TracePage {

    private TracePage() {}

    static Optional<String> render(InspectorData data, String userId, String requestId) {
        List<RecallTrace> traces = data.traces(userId).traces();
        Optional<RecallTrace> found = traces.stream().filter(t -> t.getRequestId().equals(requestId)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RecallTrace trace = found.get();
        StoreOutcome outcome = data.outcomes(userId).get(requestId);
        FollowUps.FollowUp followUp = FollowUps.of(traces).get(requestId);
        StringBuilder body = new StringBuilder("<h1>Recall request <span id=\"request-id\">")
                .append(Html.escape(requestId)).append("</span></h1><p><a id=\"back-to-user\" href=\"/users/")
                .append(Html.path(userId)).append("\">user ").append(Html.escape(userId)).append("</a></p>");
        body.append(summary(trace, outcome));
        body.append("<h2>The recall</h2>");
        Set<String> clicked = followUp == null ? Set.of() : followUp.engagements().stream()
                .map(TracedBehaviour::getObjectId).collect(Collectors.toSet());
        body.append(trace.getObjects().isEmpty() ? "<p id=\"recall\">No recall: " + Html.escape(trace.getFailure()) + "</p>"
                : ObjectRows.table("recall", trace.getObjects(), data, clicked));
        body.append("<p id=\"follow-up\">").append(followUp == null || !followUp.hasTarget()
                ? "No later traced ad click of this user yet."
                : "Next ad click: " + Html.escape(followUp.target()) + (followUp.targetRank() > 0
                        ? ", a hit at rank " + followUp.targetRank() : ", a miss") + "; clicked later: "
                        + Html.escape(String.join(", ", clicked))).append("</p>");
        body.append("<h2>The prompt as the model saw it</h2><p class=\"muted\">").append(trace.getPromptChars())
                .append(" characters; the frozen prefix (").append(trace.getFrozenPrefixChars())
                .append(", the block the server's KV cache keeps) is shaded").append(trace.getPrompt().length()
                        < trace.getPromptChars() ? "; cut to " + trace.getPrompt().length() + " in the trace" : "")
                .append(".</p>").append(prompt(trace));
        body.append("<h2>Stages</h2>").append(stages(trace, outcome));
        body.append("<h2>Behaviours in the prompt</h2>").append(UserPage.behaviours(data, trace));
        return Optional.of(Html.page("request " + requestId, body.toString()));
    }

    private static String summary(RecallTrace trace, StoreOutcome outcome) {
        return "<table id=\"summary\"><tr><th>traced because</th><td>" + Html.escape(trace.getTracedBecause())
                + "</td></tr><tr><th>arm</th><td id=\"arm\">" + Html.escape(trace.getArm().isEmpty() ? "-" : trace.getArm())
                + "</td></tr><tr><th>tier, priority</th><td>" + Html.escape(trace.getTier()) + ", " + trace.getPriority()
                + "</td></tr><tr><th>why it fired</th><td>" + Html.escape(trace.getTriggerReason())
                + "</td></tr><tr><th>budget</th><td>" + Html.escape(trace.getBudgetOutcome())
                + "</td></tr><tr><th>versions</th><td>model " + Html.escape(trace.getModelVersion()) + ", prompt "
                + Html.escape(trace.getPromptVersion()) + ", rules " + Html.escape(trace.getRulesVersion())
                + "</td></tr><tr><th>recall store</th><td id=\"store-outcome\">"
                + Html.escape(outcome == null ? "not recorded" : outcome.outcome() + " in " + outcome.millis() + " ms")
                + "</td></tr><tr><th>failure</th><td>" + Html.escape(trace.getFailure().isEmpty() ? "-" : trace.getFailure())
                + "</td></tr><tr><th>event time</th><td>" + Html.time(trace.getEventTime()) + "</td></tr></table>";
    }

    private static String prompt(RecallTrace trace) {
        String text = trace.getPrompt();
        int frozen = Math.min(trace.getFrozenPrefixChars(), text.length());
        return "<pre class=\"prompt\" id=\"prompt\"><mark class=\"frozen\" id=\"frozen-prefix\">"
                + Html.escape(text.substring(0, frozen)) + "</mark>" + Html.escape(text.substring(frozen)) + "</pre>";
    }

    private static String stages(RecallTrace trace, StoreOutcome outcome) {
        StringBuilder out = new StringBuilder();
        for (TraceStage stage : trace.getStages()) {
            out.append("<details class=\"stage\" id=\"stage-").append(Html.escape(stage.getName())).append("\"><summary>")
                    .append(Html.escape(stage.getName())).append(" - ").append(stage.getMillis()).append(" ms</summary><p>")
                    .append(Html.escape(stage.getDetail())).append("; ended ").append(Html.time(stage.getEndedAt()))
                    .append("</p>").append(stageBody(trace, stage.getName())).append("</details>");
        }
        if (outcome != null) {
            out.append("<details class=\"stage\" id=\"stage-recall-store\"><summary>recall-store - ").append(outcome.millis())
                    .append(" ms</summary><p>").append(Html.escape(outcome.outcome())).append(", ended ")
                    .append(Html.time(outcome.at())).append("</p></details>");
        }
        return out.toString();
    }

    private static String stageBody(RecallTrace trace, String stage) {
        return switch (stage) {
            case "inference" -> beams(trace.getBeams(), trace.getBeamCount());
            case "resolve-semantic-ids" -> dropped(trace.getDropped(), trace.getDroppedCount());
            default -> "";
        };
    }

    private static String beams(List<TracedBeam> beams, int count) {
        StringBuilder table = new StringBuilder("<p>").append(count).append(" beams, best first").append(count > beams.size()
                ? " (the first " + beams.size() + " kept)" : "").append(":</p><table class=\"beams\"><tr><th>#</th>"
                + "<th>semantic ID</th><th>log-probability</th></tr>");
        int rank = 1;
        for (TracedBeam beam : beams) {
            table.append("<tr><td class=\"num\">").append(rank++).append("</td><td class=\"sid\">")
                    .append(Html.escape(beam.getText())).append("</td><td class=\"num\">")
                    .append(Html.decimal(beam.getLogProb(), 4)).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }

    private static String dropped(List<DroppedBeam> dropped, int count) {
        StringBuilder table = new StringBuilder("<p>").append(count).append(" beams left out").append(count > dropped.size()
                ? " (the first " + dropped.size() + " kept)" : "").append(":</p><table class=\"dropped\"><tr>"
                + "<th>semantic ID</th><th>why</th></tr>");
        for (DroppedBeam beam : dropped) {
            table.append("<tr><td class=\"sid\">").append(Html.escape(beam.getText())).append("</td><td>")
                    .append(Html.escape(beam.getReason())).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }
}
