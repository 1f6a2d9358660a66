package io.nearline.recall.tradeoff;

import io.nearline.recall.behaviour.BehaviourGenerator;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.BudgetRules;
import io.nearline.recall.tiering.RulesParseResult;
import io.nearline.recall.tiering.RulesText;
import io.nearline.recall.tiering.TriggerRules;
import io.nearline.recall.tiering.TriggerRulesParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command: the event-time trade-off between GPU calls and served recall quality, for several rule sets on the same
 * logs (one log per seed), as Markdown tables with 95% confidence intervals. The first rule set is the baseline.
 */
@Command(name = "trade-off", mixinStandardHelpOptions = true, version = "trade-off (nearline-recall 0.1.0)",
        description = "Replays behaviour logs in event time through each rule set, the GPU budget and the count model,"
                + " and scores every target (a first ad click or conversion on an object) on the recall that would be"
                + " in Redis at its time.")
public final class TradeOffCommand implements Callable<Integer> {

    static final String DEFAULT_HISTORY_SHARE = "0.5";
    static final String DEFAULT_LATENCY_P50 = "80";
    static final String DEFAULT_LATENCY_P99 = "400";
    static final String DEFAULT_TIMEOUT = "2000";
    static final String DEFAULT_SEGMENTS = "builtin:default-rules.yaml";
    static final String EVERY_EVENT = "builtin:every-event-rules.yaml";

    static final List<String> DEFAULT_RULES = List.of(EVERY_EVENT,
            "builtin:engagement-rules.yaml", "builtin:default-rules.yaml", "builtin:tight-rules.yaml",
            "builtin:strict-rules.yaml", "builtin:input-change-rules.yaml", "builtin:coalesced-rules.yaml");

    @Parameters(paramLabel = "RULES", arity = "0..*",
            description = "Rules files (a path, or builtin:NAME for one shipped in user-tiering); the first is the"
                    + " baseline. Default: the shipped rule sets, every-event first.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--source", defaultValue = "generator",
            description = "generator, or a dataset path (MovieLens-100K directory, Amazon Beauty file). Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3",
            description = "One log per seed (the generator's world, Beauty's synthetic times, the latency draws). Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--events", defaultValue = "200000", description = "Generator: events per log. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--users", defaultValue = "2000", description = "Generator: users per log. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--profile", defaultValue = "drifting",
            description = "Generator: classic (lasting interests, no sequence structure) or drifting (what follows what,"
                    + " interests that drift by day). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--closed-loop",
            description = "Generator: close the loop between recall and what users see: a share of ad impressions is"
                    + " drawn from what the ad server serves at that moment (the recall in Redis, else the fallback),"
                    + " so each rule set is judged on the clicks its own recalls bring about.")
    boolean closedLoop;

    @Option(names = "--history-share", defaultValue = DEFAULT_HISTORY_SHARE,
            description = "Share of each log's behaviours that is history (warm state and the model's training data). Default: ${DEFAULT-VALUE}.")
    double historyShare;

    @Option(names = "--latency-p50", defaultValue = DEFAULT_LATENCY_P50, description = "Inference latency median, ms. Default: ${DEFAULT-VALUE}.")
    double latencyP50;

    @Option(names = "--latency-p99", defaultValue = DEFAULT_LATENCY_P99, description = "Inference latency 99th percentile, ms. Default: ${DEFAULT-VALUE}.")
    double latencyP99;

    @Option(names = "--timeout", defaultValue = DEFAULT_TIMEOUT, description = "Inference timeout, ms (inference.timeout). Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Option(names = "--segments", defaultValue = DEFAULT_SEGMENTS,
            description = "Rules whose tiers are the fallback's fixed ARPU segments. Default: ${DEFAULT-VALUE}.")
    String segmentRules;

    @Option(names = "--budget-share",
            description = "Also run each rule set under a GPU budget of this share of its own unbounded demand (its calls"
                    + " over the live time span), and compare each tier with the unbounded run.")
    Double budgetShare;

    @Option(names = "--budget-wait", defaultValue = "600000",
            description = "With --budget-share: how long a request may wait for a token, ms (the bounded budget's"
                    + " maxWaitMs; long enough for priorities to matter). Default: ${DEFAULT-VALUE}.")
    long budgetWaitMs;

    @Option(names = "--work", defaultValue = "target/trade-off", description = "Work directory (semantic IDs). Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--out", description = "Also write the report to this Markdown file.")
    Path out;

    @Option(names = "--plot", description = "Also draw the frontier (calls per 1000 behaviours against served HR@10"
            + " with the fallback, 95% intervals) to this PNG file.")
    Path plot;

    public static void main(String[] args) {
        ToolRunner.exit(new TradeOffCommand(), args);
    }

    @Override
    public Integer call() throws IOException {
        List<String> files = rules.isEmpty() ? DEFAULT_RULES : rules;
        List<TriggerRules> ruleSets = new ArrayList<>();
        for (String file : files) {
            ruleSets.add(load(file));
        }
        ArpuSegments segments = new ArpuSegments(load(segmentRules));
        InferenceLatency latency = new InferenceLatency(latencyP50, latencyP99, timeoutMs);
        Map<String, TradeOffRun> merged = new LinkedHashMap<>();
        Map<String, TradeOffRun> bounded = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        List<String> logNames = new ArrayList<>();
        long history = 0;
        long live = 0;
        for (long seed : seeds) {
            BehaviourLogOptions options = BehaviourLogOptions.defaults().toBuilder().seed(seed).events(events)
                    .users(users).profile(profile).build();
            BehaviourLog log = BehaviourLogs.open(source, options);
            logNames.add(log.name());
            ReplayLog replay = ReplayLog.prepare(log, historyShare, work.resolve(log.name().replaceAll("[^A-Za-z0-9=._-]", "_")));
            history += replay.historyEvents();
            live += replay.liveEvents();
            System.err.printf(Locale.ROOT, "%s: cut at %s, %d history and %d live behaviours%n", log.name(),
                    Instant.ofEpochMilli(replay.cutMillis()), replay.historyEvents(), replay.liveEvents());
            for (TriggerRules r : ruleSets) {
                TradeOffSimulation.Settings settings = TradeOffSimulation.Settings.withPromptDefaults(replay.cutMillis(), latency,
                        10, seed);
                TradeOffRun run = simulate(log, r, replay, segments, settings);
                merged.merge(r.version(), run, TradeOffRun::plus);
                System.err.printf(Locale.ROOT, "  %s: %d calls%n", r.version(), run.overall().calls());
                if (budgetShare != null) {
                    TriggerRules scarce = underBudget(r, budgetShare * run.overall().calls() / replay.liveSeconds());
                    TradeOffRun scarceRun = simulate(log, scarce, replay, segments, settings);
                    bounded.merge(r.version(), scarceRun, TradeOffRun::plus);
                    System.err.printf(Locale.ROOT, "  %s: %d calls, %d shed%n", scarce.version(),
                            scarceRun.overall().calls(), scarceRun.overall().shed());
                }
            }
        }
        report.append(String.format(Locale.ROOT, "Trade-off on %s (%s): %d history and %d live behaviours;"
                        + " latency %s; recall: the count model's top 10, trained on the history; fallback: the 10"
                        + " objects most engaged with in the history per ARPU segment of %s%s.%n%n",
                source, String.join(", ", logNames), history, live, latency.describe(), segmentRules,
                closedLoop ? "; loop closed: impressions drawn from what is served" : ""));
        report.append(TradeOffTable.render(new ArrayList<>(merged.values()), 10, 1));
        if (budgetShare != null) {
            report.append(String.format(Locale.ROOT, "%nUnder a GPU budget of %.2f of each rule set's demand (tokens at"
                    + " that share of its unbounded calls per second of event time, a minute's worth of burst, %d ms"
                    + " of queueing), each tier beside the same tier unbounded:%n%n", budgetShare, budgetWaitMs));
            report.append(TradeOffTable.renderBudget(new ArrayList<>(merged.values()), new ArrayList<>(bounded.values()),
                    10, 1));
        }
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        }
        if (plot != null) {
            List<FrontierPlot.Series> series = List.of(new FrontierPlot.Series("simulator, " + logNames.size()
                    + " log(s)", TradeOffTable.frontier(new ArrayList<>(merged.values()), 1), true));
            FrontierPlot.write(series, "Trigger rules on " + source + (BehaviourLogs.GENERATOR.equals(source)
                    ? " (" + profile + (closedLoop ? ", loop closed" : "") + ")" : "") + ": GPU calls against what is served",
                    "served HR@10 with fallback", true, plot);
        }
        return 0;
    }

    private TradeOffRun simulate(BehaviourLog log, TriggerRules rules, ReplayLog replay, ArpuSegments segments,
                                 TradeOffSimulation.Settings settings) {
        if (!closedLoop) {
            return TradeOffSimulation.run(log, rules, replay.model(), segments, settings);
        }
        if (!(log instanceof BehaviourGenerator generator)) {
            throw new IllegalArgumentException("--closed-loop needs the generator: a recorded log cannot react to recalls");
        }
        return TradeOffSimulation.runClosedLoop(generator, rules, replay.model(), segments, settings);
    }

    private TriggerRules underBudget(TriggerRules rules, double requestsPerSecond) {
        double rate = Math.max(requestsPerSecond, 1e-6);
        int burst = (int) Math.max(1, Math.ceil(rate * 60));
        BudgetRules scarce = new BudgetRules(rate, burst, rules.budget().queueCapacity(), budgetWaitMs,
                rules.budget().replaceQueued());
        return rules.withBudget(scarce, rules.version() + " @" + budgetShare);
    }

    static TriggerRules load(String file) throws IOException {
        if (!file.startsWith("builtin:") && !Files.isRegularFile(Path.of(file))) {
            throw new IllegalArgumentException("rules file " + file + " does not exist (or is not a file)");
        }
        String yaml = RulesText.load(file);
        RulesParseResult result = TriggerRulesParser.parse(yaml);
        if (!result.isValid()) {
            throw new IllegalArgumentException(file + ": " + result.describeErrors());
        }
        return result.rules();
    }
}
