package io.nearline.recall.inspector;

import java.util.Map;

/** Charts as inline SVG, drawn on the server: a line per series over time buckets, and horizontal bars. */
final class SvgCharts {

    private static final String[] COLOURS = {"#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 28;

    private SvgCharts() {}

    /** One line per series; {@code start} and {@code bucketMillis} label the time axis. */
    static String lines(String id, Map<String, long[]> series, long start, long bucketMillis) {
        long max = 1;
        int points = 1;
        for (long[] values : series.values()) {
            points = Math.max(points, values.length);
            for (long v : values) {
                max = Math.max(max, v);
            }
        }
        StringBuilder svg = frame(id, max);
        double step = (WIDTH - LEFT - 10) / (double) Math.max(1, points - 1);
        int colour = 0;
        int legendY = 14;
        for (Map.Entry<String, long[]> entry : series.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder path = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            long[] values = entry.getValue();
            for (int i = 0; i < values.length; i++) {
                String x = Html.decimal(LEFT + i * step, 1);
                String y = Html.decimal(y(values[i], max), 1);
                path.append(i == 0 ? 'M' : 'L').append(x).append(',').append(y).append(' ');
                dots.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"3\" fill=\"")
                        .append(stroke).append("\"/>");
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(stroke)
                    .append("\" stroke-width=\"2\"/>").append(dots);
            svg.append("<text x=\"").append(WIDTH - 120).append("\" y=\"").append(legendY).append("\" fill=\"")
                    .append(stroke).append("\" font-size=\"12\">").append(Html.escape(entry.getKey())).append("</text>");
            legendY += 14;
        }
        svg.append(axisLabel(LEFT, Html.time(start).substring(11)));
        svg.append(axisLabel(WIDTH - 90, Html.time(start + (points - 1) * bucketMillis).substring(11)));
        return svg.append("</svg>").toString();
    }

    /** One bar per label, longest the largest value; {@code unit} follows each value. */
    static String bars(String id, Map<String, Double> values, String unit) {
        double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        int rowHeight = 22;
        int height = Math.max(1, values.size()) * rowHeight + 10;
        StringBuilder svg = new StringBuilder("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" role=\"img\">");
        int row = 0;
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            int y = 5 + row * rowHeight;
            double length = max <= 0 ? 0 : (WIDTH - 260) * entry.getValue() / max;
            svg.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"12\">")
                    .append(Html.escape(entry.getKey())).append("</text>")
                    .append("<rect x=\"180\" y=\"").append(y + 3).append("\" width=\"").append(Html.decimal(length, 1))
                    .append("\" height=\"16\" fill=\"").append(COLOURS[row % COLOURS.length]).append("\"/>")
                    .append("<text x=\"").append(Html.decimal(186 + length, 1)).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"12\">").append(Html.decimal(entry.getValue(), entry.getValue() % 1 == 0 ? 0 : 3))
                    .append(' ').append(Html.escape(unit)).append("</text>");
            row++;
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder frame(String id, long max) {
        StringBuilder svg = new StringBuilder("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" role=\"img\">");
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"0\" width=\"").append(WIDTH - LEFT).append("\" height=\"")
                .append(HEIGHT - BOTTOM).append("\" fill=\"#fff\" stroke=\"#d5d9e0\"/>");
        svg.append("<text x=\"4\" y=\"12\" font-size=\"11\">").append(max).append("</text>");
        svg.append("<text x=\"4\" y=\"").append(HEIGHT - BOTTOM).append("\" font-size=\"11\">0</text>");
        return svg;
    }

    private static String axisLabel(int x, String text) {
        return "<text x=\"" + x + "\" y=\"" + (HEIGHT - 8) + "\" font-size=\"11\">" + Html.escape(text) + "</text>";
    }

    private static double y(long value, long max) {
        return (HEIGHT - BOTTOM) - (HEIGHT - BOTTOM - 6) * (value / (double) max);
    }
}
