package io.nearline.recall.demo;

import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.tradeoff.FrontierPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The running job beside the trade-off simulator: the demo runs once per rule set on the same replay, and each
 * run's first-engagement figures (coverage, served HR@10 with the fallback read from Redis, calls) are set beside
 * the simulator's on the same log, rules and cut. Writes each run's summary under {@code frontier-runs/}, a Markdown
 * table ({@code frontier-demo.md}) and a plot ({@code frontier-demo.png}) in OUT_DIR. The simulator's own frontier
 * over several seeds is {@code bin/trade-off --plot}; {@code bin/frontier} runs both.
 */
@Command(name = "bin/frontier", mixinStandardHelpOptions = true,
        description = "One demo run per rule set on the same replay, each beside the trade-off simulator on the same "
                + "log; a Markdown table and a PNG plot in OUT_DIR. Takes every flag of bin/demo (--rules, "
                + "--malformed-every and --summary-json are set per run).")
public final class FrontierRun implements Callable<Integer> {

    /** One rule set: what the job measured and what the simulator made of the same log. */
    record Row(String rules, long behaviours, long jobTargets, long simulatedTargets, long jobCalls,
               long simulatedCalls, double jobCoverage, List<Double> simulatedCoverage, double jobHr,
               List<Double> simulatedHr) {

        boolean withinInterval() {
            return jobHr >= simulatedHr.get(1) && jobHr <= simulatedHr.get(2);
        }
    }

    @Parameters(index = "0", paramLabel = "OUT_DIR", description = "Where the table, the plot and frontier-runs/ go.")
    private Path out;

    @Parameters(index = "1..*", paramLabel = "RULES",
            description = "builtin:NAME or a path per rule set, or SUMMARY.json of an earlier run (its row again).")
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
        List<Row> rows = new ArrayList<>();
        boolean allHeld = true;
        for (String rules : ruleSets) {
            if (rules.endsWith(".json")) {
                // a summary of an earlier run: its row again, without running the demo
                rows.add(row(name(rules).replace(".json", ""), DemoSummary.readJson(Path.of(rules))));
                continue;
            }
            demo.rules = rules;
            demo.malformedEvery = 0;
            demo.summaryJson = runs.resolve(name(rules) + ".json");
            DemoSummary summary = DemoMain.run(demo.check());
            summary.writeJson(demo.summaryJson);
            List<String> failed = SummaryChecks.broken(summary.figures());
            if (!failed.isEmpty()) {
                System.err.println("[frontier] " + name(rules) + ": the demo's figures do not hold: " + failed);
                allHeld = false;
            }
            rows.add(row(name(rules), summary.figures()));
        }
        Files.writeString(out.resolve("frontier-demo.md"), table(rows));
        FrontierPlot.write(List.of(new FrontierPlot.Series("simulator, same log (95% CI)", rows.stream()
                        .map(r -> new FrontierPlot.Point(r.rules(), perThousand(r.simulatedCalls(), r.behaviours()),
                                r.simulatedHr().get(0), r.simulatedHr().get(1), r.simulatedHr().get(2))).toList(), true),
                new FrontierPlot.Series("running job (demo)", rows.stream()
                        .map(r -> new FrontierPlot.Point(r.rules(), perThousand(r.jobCalls(), r.behaviours()), r.jobHr(),
                                r.jobHr(), r.jobHr())).toList(), false)),
                "The running job beside the simulator (" + demo.source + ", " + demo.events + " behaviours replayed)",
                "served HR@10 with fallback, first engagements", false, out.resolve("frontier-demo.png"));
        System.out.print(table(rows));
        return allHeld ? 0 : 1;
    }

    /** One rule set's row from a summary's figures, as the demo puts them or as they are read back from JSON. */
    static Row row(String rules, Map<String, Object> f) {
        if (!f.containsKey("simulated_hr_at_10_with_fallback") || !f.containsKey("first_targets")) {
            throw new IllegalStateException(rules + ": the demo run ended without its first-engagement and simulator"
                    + " figures (cut short?)");
        }
        return new Row(rules, number(f, "behaviours_replayed").longValue(), number(f, "first_targets").longValue(),
                number(f, "simulated_first_targets").longValue(), number(f, "inference_calls").longValue(),
                number(f, "simulated_calls").longValue(), number(f, "first_coverage").doubleValue(),
                withInterval(f, "simulated_coverage"), number(f, "first_hr_at_10_with_fallback").doubleValue(),
                withInterval(f, "simulated_hr_at_10_with_fallback"));
    }

    private static Number number(Map<String, Object> figures, String name) {
        if (!(figures.get(name) instanceof Number n)) {
            throw new IllegalStateException("summary figure " + name + " is not a number: " + figures.get(name));
        }
        return n;
    }

    /** The estimate named {@code name} and its interval {@code name_ci}: [estimate, low, high]. */
    private static List<Double> withInterval(Map<String, Object> figures, String name) {
        if (!(figures.get(name + "_ci") instanceof List<?> interval) || interval.size() != 2) {
            throw new IllegalStateException("summary figure " + name + "_ci is not an interval: " + figures.get(name + "_ci"));
        }
        return List.of(number(figures, name).doubleValue(), ((Number) interval.get(0)).doubleValue(),
                ((Number) interval.get(1)).doubleValue());
    }

    static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder("| rules | behaviours replayed | first engagements job / simulator "
                + "| calls / 1000 behaviours job / simulator | coverage job / simulator (95% CI) "
                + "| served HR@10 with fallback job / simulator (95% CI) | job within the interval |\n"
                + "|---|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %d / %d | %.1f / %.1f | %.3f / %.3f (%.3f-%.3f) "
                            + "| %.3f / %.3f (%.3f-%.3f) | %s |%n", r.rules(), r.behaviours(), r.jobTargets(),
                    r.simulatedTargets(), perThousand(r.jobCalls(), r.behaviours()),
                    perThousand(r.simulatedCalls(), r.behaviours()), r.jobCoverage(), r.simulatedCoverage().get(0),
                    r.simulatedCoverage().get(1), r.simulatedCoverage().get(2), r.jobHr(), r.simulatedHr().get(0),
                    r.simulatedHr().get(1), r.simulatedHr().get(2), r.withinInterval() ? "yes" : "**no**"));
        }
        return text.toString();
    }

    private static double perThousand(long part, long whole) {
        return whole == 0 ? 0 : 1000.0 * part / whole;
    }

    private static String name(String rules) {
        String file = Path.of(rules.replace("builtin:", "")).getFileName().toString();
        return file.replace(".yaml", "");
    }
}
