package io.nearline.recall.tradeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.TriggerRules;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontierPlotTest {

    private static final TriggerRules EVERY_EVENT = HandBuiltLog.rules("every", "    fireAtGrade: 0\n");
    private static final TriggerRules INPUT_CHANGES = HandBuiltLog.rules("changes",
            "    fireAtGrade: 3\n    onlyInputChanges: true\n");
    private static final Recommender NEXT = (history, count) -> history.isEmpty() ? List.of()
            : List.of("o" + (Integer.parseInt(history.get(history.size() - 1).substring(1)) + 1));

    private static List<TradeOffRun> runs() {
        HandBuiltLog log = new HandBuiltLog();
        for (int u = 0; u < 40; u++) {
            log.add("u" + u, Action.CLICK, "o1", 2_000 + u)
                    .add("u" + u, Action.IMPRESSION, "o9", 3_000 + u)
                    .add("u" + u, Action.CLICK, u % 3 == 0 ? "o5" : "o2", 9_000 + u);
        }
        TradeOffSimulation.Settings settings = TradeOffSimulation.Settings.withPromptDefaults(1_000, InferenceLatency.fixed(10, 2_000),
                10, 7);
        ArpuSegments segments = new ArpuSegments(EVERY_EVENT);
        return List.of(TradeOffSimulation.run(log, EVERY_EVENT, NEXT, segments, settings),
                TradeOffSimulation.run(log, INPUT_CHANGES, NEXT, segments, settings));
    }

    @Test
    void each_point_is_the_table_s_row_calls_per_thousand_and_interval() {
        List<TradeOffRun> runs = runs();
        List<FrontierPlot.Point> points = TradeOffTable.frontier(runs, 1);
        String table = TradeOffTable.render(runs, 10, 1);
        assertEquals(2, points.size());
        assertEquals(1000.0, points.get(0).callsPer1000(), 1e-9, "every event is a call");
        assertEquals(1000.0 * 2 / 3, points.get(1).callsPer1000(), 1e-9, "the impression changes no input");
        for (FrontierPlot.Point p : points) {
            String row = String.format(Locale.ROOT, "| %s | %.1f |", p.label(), p.callsPer1000());
            String interval = String.format(Locale.ROOT, "%.4f (%.4f-%.4f)", p.estimate(), p.low(), p.high());
            assertTrue(table.lines().anyMatch(line -> line.startsWith(row) && line.contains(interval)),
                    "the table prints " + row + " ... " + interval + ":\n" + table);
        }
    }

    @Test
    void the_plot_is_a_png_with_one_marker_colour_per_series(@TempDir Path dir) throws Exception {
        List<FrontierPlot.Point> points = TradeOffTable.frontier(runs(), 1);
        Path file = dir.resolve("frontier.png");
        FrontierPlot.write(List.of(new FrontierPlot.Series("simulator", points, true),
                new FrontierPlot.Series("job", List.of(new FrontierPlot.Point("job-every", 900, 0.5, 0.4, 0.6)), false)),
                "test", "served HR@10 with fallback", true, file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(820, image.getWidth());
        assertEquals(520, image.getHeight());
        assertTrue(count(image, 0x1f77b4) > 50, "the simulator's markers are drawn");
        assertTrue(count(image, 0xd62728) > 20, "the job's markers are drawn");
    }

    @Test
    void a_plot_without_a_single_call_is_refused_and_a_point_outside_its_interval_is_not_made() {
        assertThrows(IllegalArgumentException.class, () -> FrontierPlot.write(List.of(new FrontierPlot.Series("none",
                List.of(new FrontierPlot.Point("silent", 0, 0.1, 0.1, 0.1)), true)), "t", "m", false, Path.of("unused.png")));
        assertThrows(IllegalArgumentException.class, () -> new FrontierPlot.Point("nan", 10, Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FrontierPlot.Point("inverted", 10, 0.5, 0.6, 0.4));
    }

    private static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
