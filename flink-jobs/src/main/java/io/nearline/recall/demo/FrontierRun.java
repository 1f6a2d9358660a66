package io.nearline.recall.demo;

import io.nearline.recall.config.ToolRunner;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The efficiency frontier of the trigger rules, measured end to end: the demo runs once per rule set
 * on the same replay, and the inference calls per 1000 behaviours are set against the served HR@10
 * (what the ad server's recall scores on every next click) and the live HR@10 (each recall on the
 * click after it). Writes each run's summary under {@code frontier-runs/}, a Markdown table and a PNG plot.
 *
 * <pre>
 * FrontierRun OUT_DIR [--events N] [--rate N] [--source S] RULES...   (RULES: builtin:NAME or a path)
 * FrontierRun OUT_DIR SUMMARY.json...                                    (table and plot of earlier runs)
 * </pre>
 */
@Command(name = "bin/frontier", mixinStandardHelpOptions = true,
        description = "One demo run per rule set on the same replay; a Markdown table and a PNG plot in OUT_DIR. "
                + "Takes every flag of bin/demo (--rules, --malformed-every and --summary-json are set per run).")
public final class FrontierRun implements Callable<Integer> {

    private record Point(String rules, long calls, double callsPer1000, double servedHr10, double liveHr10) {}

    @Parameters(index = "0", paramLabel = "OUT_DIR", description = "Where the table, the plot and frontier-runs/ go.")
    private Path out;

    @Parameters(index = "1..*", paramLabel = "RULES",
            description = "builtin:NAME or a path per rule set, or SUMMARY.json of an earlier run.")
    private List<String> ruleSets = new ArrayList<>();

    @Mixin
    private DemoOptions.Flags demo;

    private FrontierRun() {}

    public static void main(String[] args) {
        ToolRunner.exit(new FrontierRun(), args);
    }

    @Override
    public Integer call() throws Exception {
        Path runs = out.resolve("frontier-runs");
        Files.createDirectories(runs);
        List<Point> points = new ArrayList<>();
        for (String rules : ruleSets) {
            if (rules.endsWith(".json")) {
                points.add(fromSummary(Files.readString(Path.of(rules))));
                continue;
            }
            demo.rules = rules;
            demo.malformedEvery = 0;
            demo.summaryJson = runs.resolve(name(rules) + ".json");
            DemoSummary summary = DemoMain.run(demo.check());
            summary.writeJson(runs.resolve(name(rules) + ".json"));
            var f = summary.figures();
            points.add(new Point(name(rules), (Long) f.get("inference_calls"),
                    (Double) f.get("inference_calls_per_1000_behaviours"), (Double) f.get("served_hr_at_10"),
                    (Double) f.get("live_hr_at_10")));
        }
        Files.writeString(out.resolve("frontier.md"), table(points));
        plot(points, out.resolve("frontier.png"));
        System.out.print(table(points));
        return 0;
    }

    /** A point from a summary this class wrote earlier (flat JSON, one figure a line). */
    private static Point fromSummary(String json) {
        java.util.Map<String, String> figures = new java.util.HashMap<>();
        for (String line : json.split("\n")) {
            String[] parts = line.strip().replaceAll(",$", "").split("\": ", 2);
            if (parts.length == 2) {
                figures.put(parts[0].replace("\"", ""), parts[1].replace("\"", ""));
            }
        }
        return new Point(name(figures.get("rules")), Long.parseLong(figures.get("inference_calls")),
                Double.parseDouble(figures.get("inference_calls_per_1000_behaviours")),
                Double.parseDouble(figures.get("served_hr_at_10")), Double.parseDouble(figures.get("live_hr_at_10")));
    }

    private static String name(String rules) {
        String file = Path.of(rules.replace("builtin:", "")).getFileName().toString();
        return file.replace(".yaml", "");
    }

    static String table(List<Point> points) {
        Point baseline = points.get(0);
        StringBuilder text = new StringBuilder(
                "| rules | inference calls | calls / 1000 behaviours | fewer calls than " + baseline.rules()
                        + " | served HR@10 | change | live HR@10 |\n|---|---|---|---|---|---|---|\n");
        for (Point p : points) {
            String fewer = p.callsPer1000() == 0 ? "no calls"
                    : String.format(Locale.ROOT, "%.1fx", baseline.callsPer1000() / p.callsPer1000());
            text.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %.4f | %+.1f%% | %.4f |%n",
                    p.rules(), p.calls(), p.callsPer1000(), fewer,
                    p.servedHr10(), 100.0 * (p.servedHr10() - baseline.servedHr10()) / Math.max(1e-9, baseline.servedHr10()),
                    p.liveHr10()));
        }
        return text.toString();
    }

    private static void plot(List<Point> points, Path file) throws IOException {
        int width = 720;
        int height = 480;
        int left = 80;
        int bottom = 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double maxCalls = points.stream().mapToDouble(Point::callsPer1000).max().orElse(1);
        double minLog = Math.log10(Math.max(0.1, points.stream().mapToDouble(Point::callsPer1000).min().orElse(1) / 2));
        double maxLog = Math.log10(maxCalls * 2);
        double maxHr = points.stream().mapToDouble(p -> Math.max(p.servedHr10(), p.liveHr10())).max().orElse(1) * 1.2;
        int plotWidth = width - left - 30;
        int plotHeight = height - bottom - 60;
        g.setColor(Color.BLACK);
        g.drawLine(left, height - bottom, left + plotWidth, height - bottom);
        g.drawLine(left, height - bottom, left, height - bottom - plotHeight);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("inference calls per 1000 behaviours (log scale)", left + 150, height - 15);
        g.drawString("HR@10", 10, height - bottom - plotHeight - 8);
        g.drawString("Trigger rules: efficiency frontier (served HR@10 blue, live HR@10 orange)", left, 20);
        for (int decade = (int) Math.ceil(minLog); decade <= maxLog; decade++) {
            int x = left + (int) ((decade - minLog) / (maxLog - minLog) * plotWidth);
            g.drawLine(x, height - bottom, x, height - bottom + 5);
            g.drawString(String.valueOf((long) Math.pow(10, decade)), x - 10, height - bottom + 20);
        }
        for (int tick = 0; tick <= 4; tick++) {
            double hr = maxHr * tick / 4;
            int y = height - bottom - (int) (hr / maxHr * plotHeight);
            g.drawLine(left - 5, y, left, y);
            g.drawString(String.format(Locale.ROOT, "%.2f", hr), left - 45, y + 5);
        }
        drawSeries(g, points, true, new Color(31, 119, 180), left, height - bottom, plotWidth, plotHeight, minLog, maxLog, maxHr);
        drawSeries(g, points, false, new Color(255, 127, 14), left, height - bottom, plotWidth, plotHeight, minLog, maxLog, maxHr);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawSeries(Graphics2D g, List<Point> points, boolean served, Color color, int left, int base,
                                   int plotWidth, int plotHeight, double minLog, double maxLog, double maxHr) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2));
        int previousX = -1;
        int previousY = -1;
        List<Point> sorted = points.stream().sorted((a, b) -> Double.compare(a.callsPer1000(), b.callsPer1000())).toList();
        for (Point p : sorted) {
            double hr = served ? p.servedHr10() : p.liveHr10();
            int x = left + (int) ((Math.log10(Math.max(0.1, p.callsPer1000())) - minLog) / (maxLog - minLog) * plotWidth);
            int y = base - (int) (hr / maxHr * plotHeight);
            g.fillOval(x - 4, y - 4, 8, 8);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            if (served) {
                int labelWidth = g.getFontMetrics().stringWidth(p.rules());
                g.drawString(p.rules(), x + 6 + labelWidth > left + plotWidth ? x - labelWidth - 6 : x + 6, y - 8);
            }
            previousX = x;
            previousY = y;
        }
    }
}
