package io.nearline.recall.inspector;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Server-side HTML: escaping, the page frame and its style sheet. Nothing is fetched from elsewhere. */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{background:#1d2330;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
            header a{color:#cfe3ff;text-decoration:none} header form{margin-left:auto}
            main{padding:16px 24px;max-width:1200px}
            h1{font-size:22px} h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
            table{border-collapse:collapse;background:#fff;margin:6px 0} td,th{border:1px solid #d5d9e0;padding:4px 8px;
            text-align:left;vertical-align:top;font-size:13px} th{background:#eef1f5}
            .num{text-align:right;font-variant-numeric:tabular-nums} .sid{font-family:monospace;font-size:12px}
            pre.prompt{white-space:pre-wrap;background:#fff;border:1px solid #d5d9e0;padding:10px;font-size:12px}
            mark.frozen{background:#e3ecff} .hit{background:#d9f5dd} .muted{color:#6b7384}
            details{background:#fff;border:1px solid #d5d9e0;margin:4px 0;padding:4px 8px} summary{cursor:pointer}
            .arms{display:flex;gap:16px;flex-wrap:wrap} .card{background:#fff;border:1px solid #d5d9e0;padding:8px 12px}
            """;

    private Html() {}

    static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A path segment, percent-encoded. */
    static String path(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String time(long epochMillis) {
        return epochMillis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " - recall inspector</title><style>" + STYLE + "</style></head><body><header><strong>recall inspector"
                + "</strong><a href=\"/\" id=\"nav-home\">users</a><a href=\"/aggregates\" id=\"nav-aggregates\">aggregates</a>"
                + "<a href=\"/experiments\" id=\"nav-experiments\">experiments</a>"
                + "<form action=\"/search\" method=\"get\"><input id=\"search-user\" name=\"user\" placeholder=\"user ID\">"
                + " <button id=\"search-go\" type=\"submit\">search</button></form></header><main>" + body
                + "</main></body></html>";
    }
}
