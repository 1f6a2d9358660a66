package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.avro.TracedBehaviour;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.trace.StoreOutcome;
import io.nearline.recall.cache.trace.TraceReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One user: their profile and tier history, their behaviours as text, the recall the ad server reads now, and every
 * traced recall request, each a link to its trace.
 */
final class UserPage {

    private UserPage() {}

    static String render(InspectorData data, String userId) {
        TraceReader.UserTraces stored = data.traces(userId);
        List<RecallTrace> traces = stored.traces();
        StringBuilder body = new StringBuilder("<h1>User <span id=\"user-id\">").append(Html.escape(userId))
                .append("</span></h1>").append(arm(data, userId, traces));
        if (traces.isEmpty()) {
            body.append("<p id=\"no-traces\">No trace of this user is kept (traces expire; a user is traced when sampled "
                    + "or pinned).</p>");
        } else {
            RecallTrace newest = traces.get(0);
            body.append("<h2>Profile</h2>").append(profile(newest));
            body.append("<h2>Tier history</h2>").append(tiers(traces));
            body.append("<h2>Behaviours, as the newest prompt holds them</h2>").append(behaviours(data, newest));
        }
        body.append("<h2>The recall the ad server reads now</h2>").append(current(data, userId));
        if (!traces.isEmpty()) {
            body.append("<h2>Traced recall requests</h2>").append(requests(data, userId, traces));
        }
        if (stored.undecodable() > 0) {
            body.append("<p class=\"muted\">").append(stored.undecodable()).append(" stored traces did not decode.</p>");
        }
        return Html.page("user " + userId, body.toString());
    }

    /** The user's experiment arm: of their newest trace, else of their stored recall. */
    private static String arm(InspectorData data, String userId, List<RecallTrace> traces) {
        RecallLookup stored = traces.isEmpty() ? data.recall(userId) : null;
        String arm = !traces.isEmpty() ? ArmComparison.armOf(traces.get(0))
                : stored.recall() != null ? stored.recall().arm() : null;
        return arm == null ? "" : "<p>arm: <a id=\"user-arm\" href=\"/aggregates?arm=" + Html.path(arm) + "\">"
                + Html.escape(arm) + "</a></p>";
    }

    private static String profile(RecallTrace newest) {
        StringBuilder table = new StringBuilder("<table id=\"profile\"><tr><th>ARPU</th><td>")
                .append(newest.getArpu() < 0 ? "unknown" : Html.decimal(newest.getArpu(), 2)).append("</td></tr>");
        new TreeMap<>(newest.getProfile()).forEach((key, value) -> table.append("<tr><th>").append(Html.escape(key))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>"));
        return table.append("</table>").toString();
    }

    private static String tiers(List<RecallTrace> traces) {
        StringBuilder table = new StringBuilder("<table id=\"tiers\"><tr><th>triggered at</th><th>tier</th>"
                + "<th>priority</th><th>why it fired</th><th>rules</th><th>arm</th></tr>");
        for (RecallTrace trace : traces) {
            table.append("<tr><td>").append(Html.time(trace.getTracedAt())).append("</td><td>")
                    .append(Html.escape(trace.getTier())).append("</td><td class=\"num\">").append(trace.getPriority())
                    .append("</td><td>").append(Html.escape(trace.getTriggerReason())).append("</td><td>")
                    .append(Html.escape(trace.getRulesVersion())).append("</td><td>")
                    .append(Html.escape(ArmComparison.armOf(trace))).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }

    static String behaviours(InspectorData data, RecallTrace trace) {
        StringBuilder table = new StringBuilder("<table id=\"behaviours\"><tr><th>time</th><th>domain</th><th>action</th>"
                + "<th>object</th><th>text</th><th>attributes</th></tr>");
        for (TracedBehaviour b : trace.getBehaviours()) {
            table.append("<tr><td>").append(Html.time(b.getEventTime())).append("</td><td>").append(Html.escape(b.getDomain()))
                    .append("</td><td>").append(Html.escape(b.getAction())).append(b.getCount() > 1 ? " x" + b.getCount() : "")
                    .append("</td><td>").append(Html.escape(b.getObjectId())).append("</td><td>")
                    .append(Html.escape(behaviourText(data, b))).append("</td><td>")
                    .append(Html.escape(data.objectAttributes(b.getObjectId()))).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }

    /** The catalogue's text of an ad object; for a content item (not in the catalogue), its category. */
    private static String behaviourText(InspectorData data, TracedBehaviour b) {
        String text = data.objectText(b.getObjectId());
        return !text.isEmpty() || b.getCategory().isEmpty() ? text : "category: " + b.getCategory();
    }

    private static String current(InspectorData data, String userId) {
        RecallLookup lookup = data.recall(userId);
        if (lookup.recall() == null) {
            return "<p id=\"current-recall\">" + Html.escape(lookup.status() + ": " + lookup.detail()) + "</p>";
        }
        List<RecalledObject> objects = lookup.recall().objects().stream()
                .map(o -> new RecalledObject(o.objectId(), o.semanticId(), o.score())).toList();
        return "<p class=\"muted\">" + Html.escape(lookup.status()) + ", generated " + Html.time(lookup.recall()
                .generatedAt().toEpochMilli()) + " by " + Html.escape(lookup.recall().modelVersion()) + "</p>"
                + ObjectRows.table("current-recall", objects, data, Set.of());
    }

    private static String requests(InspectorData data, String userId, List<RecallTrace> traces) {
        Map<String, StoreOutcome> outcomes = data.outcomes(userId);
        Map<String, FollowUps.FollowUp> followUps = FollowUps.of(traces);
        StringBuilder table = new StringBuilder("<table id=\"requests\"><tr><th>triggered at</th><th>request</th>"
                + "<th>traced because</th><th>tier</th><th>objects</th><th>outcome</th><th>next ad click</th></tr>");
        for (RecallTrace trace : traces) {
            StoreOutcome outcome = outcomes.get(trace.getRequestId());
            FollowUps.FollowUp followUp = followUps.get(trace.getRequestId());
            table.append("<tr><td>").append(Html.time(trace.getTracedAt())).append("</td><td><a class=\"trace-link\" href=\"/users/")
                    .append(Html.path(userId)).append("/traces/").append(Html.path(trace.getRequestId())).append("\">")
                    .append(Html.escape(trace.getRequestId())).append("</a></td><td>").append(Html.escape(trace.getTracedBecause()))
                    .append("</td><td>").append(Html.escape(trace.getTier())).append("</td><td class=\"num\">")
                    .append(trace.getObjects().size()).append("</td><td>")
                    .append(Html.escape(!trace.getFailure().isEmpty() ? trace.getFailure()
                            : outcome == null ? "not recorded" : outcome.outcome()))
                    .append("</td><td>").append(followUp == null || !followUp.hasTarget() ? "-"
                            : Html.escape(followUp.target()) + (followUp.targetRank() > 0 ? " (hit at " + followUp.targetRank()
                            + ")" : " (miss)")).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }
}
