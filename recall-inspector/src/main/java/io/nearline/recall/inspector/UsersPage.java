package io.nearline.recall.inspector;

import io.nearline.recall.cache.trace.TraceReader;

/** The start page: the most recently traced users, each a link to their page. */
final class UsersPage {

    private static final int SHOWN = 100;

    private UsersPage() {}

    static String render(InspectorData data) {
        StringBuilder body = new StringBuilder("<h1>Traced users</h1><p class=\"muted\">")
                .append(data.userCount()).append(" users have traces; the ").append(SHOWN)
                .append(" most recently traced are listed. The catalogue view holds ").append(data.catalogueSize())
                .append(" objects.</p><table id=\"users\"><tr><th>user</th><th>newest trace</th><th>traces kept</th></tr>");
        for (TraceReader.TracedUser user : data.recentUsers(SHOWN)) {
            body.append("<tr><td><a class=\"user-link\" href=\"/users/").append(Html.path(user.userId())).append("\">")
                    .append(Html.escape(user.userId())).append("</a></td><td>").append(Html.time(user.lastTracedAt()))
                    .append("</td><td class=\"num trace-count\">").append(data.traceCount(user.userId())).append("</td></tr>");
        }
        return Html.page("users", body.append("</table>").toString());
    }
}
