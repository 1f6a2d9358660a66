package io.nearline.recall.tradeoff;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The efficiency frontier as a PNG: GPU calls per 1000 behaviours (log scale) against served HR@K with the
 * fallback, each point with its 95% interval as a vertical bar. Several series share the axes, so the running job's
 * points can stand beside the simulator's.
 */
public final class FrontierPlot {

    /** One rule set's place on the plot. */
    public record Point(String label, double callsPer1000, double estimate, double low, double high) {
        public Point {
            if (!(Double.isFinite(estimate) && Double.isFinite(low) && low <= high && callsPer1000 >= 0)) {
                throw new IllegalArgumentException(label + ": no plottable point (" + callsPer1000 + " calls, "
                        + estimate + " in " + low + "-" + high + ")");
            }
        }
    }

    /** Points drawn alike; {@code filled} false draws hollow markers and no line. */
    public record Series(String name, List<Point> points, boolean filled) {}

    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44)};
    private static final int WIDTH = 820;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int BOTTOM = 60;
    private static final int TOP = 72;
    private static final int RIGHT = 30;

    private FrontierPlot() {
    }

    /**
     * Writes the plot of {@code series} to {@code file}; the y axis is named after {@code measure}. With
     * {@code goalLines}, the first point of the first series is the baseline the goals are drawn around.
     */
    public static void write(List<Series> series, String title, String measure, boolean goalLines, Path file)
            throws IOException {
        List<Point> all = series.stream().flatMap(s -> s.points().stream()).filter(p -> p.callsPer1000() > 0).toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no rule set made a call");
        }
        double minLog = Math.log10(all.stream().mapToDouble(Point::callsPer1000).min().orElseThrow()) - 0.3;
        double maxLog = Math.log10(all.stream().mapToDouble(Point::callsPer1000).max().orElseThrow()) + 0.3;
        double step = niceStep(Math.max(0.01, all.stream().mapToDouble(Point::high).max().orElseThrow() * 1.1) / 5);
        double maxY = step * Math.ceil(all.stream().mapToDouble(Point::high).max().orElseThrow() * 1.1 / step);
        Axes axes = new Axes(minLog, maxLog, maxY);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        drawAxes(g, axes, title, measure);
        if (goalLines) {
            drawGoals(g, axes, series.get(0).points().get(0));
        }
        List<Rectangle> labels = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            drawSeries(g, axes, series.get(i), COLOURS[i % COLOURS.length], i, labels);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private record Axes(double minLog, double maxLog, double maxY) {
        int x(double callsPer1000) {
            double share = (Math.log10(callsPer1000) - minLog) / (maxLog - minLog);
            return LEFT + (int) Math.round(share * (WIDTH - LEFT - RIGHT));
        }

        int y(double value) {
            return HEIGHT - BOTTOM - (int) Math.round(value / maxY * (HEIGHT - BOTTOM - TOP));
        }
    }

    private static void drawAxes(Graphics2D g, Axes axes, String title, String measure) {
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, HEIGHT - BOTTOM, LEFT, TOP);
        g.drawString(title, LEFT, 22);
        g.drawString("GPU calls per 1000 behaviours (log scale)", LEFT + 220, HEIGHT - 15);
        g.drawString(measure + " (bars: 95% CI)", 10, TOP - 14);
        // decades, and 2 and 5 times them where the axis spans less than two decades
        double[] multiples = axes.maxLog() - axes.minLog() < 2 ? new double[] {1, 2, 5} : new double[] {1};
        for (int decade = (int) Math.floor(axes.minLog()); decade <= axes.maxLog(); decade++) {
            for (double m : multiples) {
                double value = m * Math.pow(10, decade);
                if (Math.log10(value) < axes.minLog() || Math.log10(value) > axes.maxLog()) {
                    continue;
                }
                int x = axes.x(value);
                g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5);
                String label = value >= 1 ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%s", value);
                g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
            }
        }
        double step = niceStep(axes.maxY() / 5);
        for (int tick = 0; tick * step <= axes.maxY() + 1e-12; tick++) {
            double value = tick * step;
            int y = axes.y(value);
            g.drawLine(LEFT - 5, y, LEFT, y);
            g.drawString(String.format(Locale.ROOT, "%.2f", value), LEFT - 45, y + 5);
        }
    }

    private static void drawSeries(Graphics2D g, Axes axes, Series series, Color colour, int index,
                                   List<Rectangle> labels) {
        g.setColor(colour);
        g.drawString((series.filled() ? "\u25CF " : "\u25CB ") + series.name(), LEFT + 340 * index, 42);
        List<Point> sorted = series.points().stream().filter(p -> p.callsPer1000() > 0)
                .sorted(Comparator.comparingDouble(Point::callsPer1000)).toList();
        if (series.filled()) {
            drawFrontier(g, axes, sorted);
        }
        for (Point p : sorted) {
            int x = axes.x(p.callsPer1000());
            int y = axes.y(p.estimate());
            g.setStroke(new BasicStroke(1.5f));
            g.drawLine(x, axes.y(p.low()), x, axes.y(p.high()));
            g.drawLine(x - 4, axes.y(p.low()), x + 4, axes.y(p.low()));
            g.drawLine(x - 4, axes.y(p.high()), x + 4, axes.y(p.high()));
            if (series.filled()) {
                g.fillOval(x - 5, y - 5, 10, 10);
            } else {
                g.setColor(Color.WHITE);
                g.fillOval(x - 5, y - 5, 10, 10);
                g.setColor(colour);
                g.drawOval(x - 5, y - 5, 10, 10);
            }
            Rectangle label = placeLabel(g, p.label(), x, y, labels);
            labels.add(label);
            g.drawString(p.label(), label.x, label.y + label.height - 3);
        }
    }

    /** The first of the places around a marker where the label overlaps no label drawn before it. */
    private static Rectangle placeLabel(Graphics2D g, String text, int x, int y, List<Rectangle> taken) {
        int width = g.getFontMetrics().stringWidth(text);
        int height = g.getFontMetrics().getHeight();
        int[][] offsets = {{8, -height - 2}, {8, 2}, {-width - 8, -height - 2}, {-width - 8, 2}, {8, height + 4},
            {-width - 8, height + 4}, {8, -2 * height - 4}};
        Rectangle fallback = null;
        for (int[] offset : offsets) {
            Rectangle candidate = new Rectangle(x + offset[0], y + offset[1], width, height);
            boolean inside = candidate.x >= LEFT && candidate.x + width <= WIDTH - RIGHT && candidate.y >= TOP - 10;
            if (!inside) {
                continue;
            }
            if (fallback == null) {
                fallback = candidate;
            }
            if (taken.stream().noneMatch(candidate::intersects)) {
                return candidate;
            }
        }
        return fallback != null ? fallback : new Rectangle(x + 8, y - height - 2, width, height);
    }

    /**
     * The goals around the first series' baseline (its first point): grey lines at 10x and 30x fewer calls and
     * at 2% and 5% below its served figure, so a point's place against them can be read off.
     */
    private static void drawGoals(Graphics2D g, Axes axes, Point baseline) {
        g.setColor(new Color(150, 150, 150));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
        for (double fewer : new double[] {10, 30}) {
            double calls = baseline.callsPer1000() / fewer;
            if (Math.log10(calls) > axes.minLog()) {
                int x = axes.x(calls);
                g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
                g.drawString(String.format(Locale.ROOT, "%.0fx fewer", fewer), x + 3, HEIGHT - BOTTOM - 6);
            }
        }
        for (double loss : new double[] {0.02, 0.05}) {
            int y = axes.y(baseline.estimate() * (1 - loss));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.drawString(String.format(Locale.ROOT, "-%.0f%% of %s", 100 * loss, baseline.label()), LEFT + 5,
                    y + (loss < 0.03 ? -3 : 13));
        }
    }

    /** 1, 2 or 5 times a power of ten, the nearest at or above {@code raw}. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw - 1e-12) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A dashed line through the efficient points: each serves better than every cheaper one. */
    private static void drawFrontier(Graphics2D g, Axes axes, List<Point> byCalls) {
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        double best = Double.NEGATIVE_INFINITY;
        Point previous = null;
        for (Point p : byCalls) {
            if (p.estimate() > best) {
                if (previous != null) {
                    g.drawLine(axes.x(previous.callsPer1000()), axes.y(previous.estimate()), axes.x(p.callsPer1000()),
                            axes.y(p.estimate()));
                }
                best = p.estimate();
                previous = p;
            }
        }
    }
}
