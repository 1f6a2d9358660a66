package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecalledObject;
import java.util.List;
import java.util.Set;

/** A table of recalled objects as text: rank, ID, text, attributes, score, semantic ID and its prefix group. */
final class ObjectRows {

    private ObjectRows() {}

    /** {@code clicked}: objects the user went on to click, highlighted. */
    static String table(String id, List<RecalledObject> objects, InspectorData data, Set<String> clicked) {
        StringBuilder table = new StringBuilder("<table id=\"").append(id).append("\"><tr><th>#</th><th>object</th>"
                + "<th>text</th><th>attributes</th><th>score</th><th>semantic ID</th><th>prefix group</th></tr>");
        int rank = 1;
        for (RecalledObject object : objects) {
            boolean hit = clicked.contains(object.getObjectId());
            table.append("<tr").append(hit ? " class=\"hit\" title=\"clicked later\"" : "").append("><td class=\"num\">")
                    .append(rank++).append("</td><td>").append(Html.escape(object.getObjectId()))
                    .append(hit ? " &#10003;" : "").append("</td><td>")
                    .append(Html.escape(data.objectText(object.getObjectId()))).append("</td><td>")
                    .append(Html.escape(data.objectAttributes(object.getObjectId()))).append("</td><td class=\"num\">")
                    .append(Html.decimal(object.getScore(), 3)).append("</td><td class=\"sid\">")
                    .append(Html.escape(object.getSemanticId())).append("</td><td class=\"sid\">")
                    .append(Html.escape(SemanticIdGroups.prefix(object.getSemanticId()))).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }
}
