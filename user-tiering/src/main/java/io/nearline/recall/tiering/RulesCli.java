package io.nearline.recall.tiering;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.config.ToolRunner;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The ops command line for rules files: {@code validate}, {@code simulate} against a behaviour log, {@code diff} two
 * rule sets on one log, and {@code publish} to the control topic. A FILE may also be {@code builtin:NAME} for a rules
 * file shipped in this module (e.g. {@code builtin:default-rules.yaml}). Exit status: 0 done, 1 invalid rules or
 * failure, 2 bad usage (one line on stderr).
 */
@Command(name = "RulesCli", mixinStandardHelpOptions = true,
        description = "Validates, simulates, compares and publishes trigger-rules files. "
                + "FILE: a rules YAML path, or builtin:NAME for a shipped rules file.")
public final class RulesCli implements Callable<Integer> {

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = ToolRunner.USAGE;

    /** The behaviour log that simulate and diff replay. */
    static final class ReplayArgs {
        @Option(names = "--source", paramLabel = "generator|PATH", defaultValue = BehaviourLogs.GENERATOR,
                description = "simulate/diff: behaviour log to replay: 'generator' or a dataset path (ml-100k folder, Beauty.txt).")
        String source;

        @Option(names = "--events", paramLabel = "N",
                description = "simulate/diff: replay at most this many events (generator: generate this many).")
        Long events;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
                description = "simulate/diff: seed of the behaviour log.")
        long seed;
    }

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    /** A command line that prints to {@code out} and {@code err} (tests and other tools; {@link #main} uses the console). */
    public RulesCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RulesCli(System.out, System.err).run(args));
    }

    /** Runs one command and returns the process exit status: 0 done, 1 invalid rules or failure, 2 bad usage. */
    public int run(String... args) {
        return ToolRunner.run(this, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** No command given. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command: validate, simulate, diff or publish");
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Checks a rules file; prints its tiers.")
    int validateCommand(@Parameters(paramLabel = "FILE") String file) {
        return guarded(() -> validate(file));
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Replays a behaviour log through the rules and the budget; prints the figures, then (with "
                    + "recall-tradeoff on the class path: bin/rules) the trade-off against every-event rules.")
    int simulateCommand(@Parameters(paramLabel = "FILE") String file, @Mixin ReplayArgs replay,
                        @Option(names = "--hourly", description = "simulate: also print inference calls for every hour.")
                        boolean hourly) {
        return guarded(() -> simulate(file, replay, hourly));
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Replays one behaviour log through two rule sets; prints the figures side by side.")
    int diffCommand(@Parameters(index = "0", paramLabel = "FILE_A") String fileA,
                    @Parameters(index = "1", paramLabel = "FILE_B") String fileB, @Mixin ReplayArgs replay) {
        return guarded(() -> diff(fileA, fileB, replay));
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Validates a rules file and sends it to the control topic.")
    int publishCommand(@Parameters(paramLabel = "FILE") String file,
                       @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
                               description = "publish: Kafka bootstrap servers, HOST:PORT[,HOST:PORT].") String bootstrap,
                       @Option(names = "--topic", defaultValue = TieringOptions.DEFAULT_RULES_TOPIC, paramLabel = "TOPIC",
                               description = "publish: the control topic.") String topic) {
        return guarded(() -> publish(file, bootstrap, topic));
    }

    /** A failure that is not a bad argument (Kafka unreachable, say) is one line and exit 1. */
    private int guarded(IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            err.println("failed: " + e.getMessage());
            return INVALID;
        }
    }

    private int validate(String file) {
        RulesParseResult result = parse(file);
        if (result == null) {
            return INVALID;
        }
        TriggerRules rules = result.rules();
        out.printf("%s: valid, version %s, %d tiers (%s), budget %s requests/s%n", file, rules.version(),
                rules.tiers().size(), String.join(", ", rules.tiers().stream().map(UserTier::name).toList()),
                RuleNodes.plain(rules.budget().requestsPerSecond()));
        out.printf("arms: %s%n", String.join(", ", rules.experiment().arms().stream().map(RulesCli::describe).toList()));
        return OK;
    }

    /** e.g. {@code narrow 50% (buckets 5000-9999; beam width 10, 10 returned)}. */
    private static String describe(Arm arm) {
        java.util.List<String> changes = new java.util.ArrayList<>();
        if (arm.beamWidth() > 0) {
            changes.add("beam width " + arm.beamWidth());
        }
        if (arm.returnedSequences() > 0) {
            changes.add(arm.returnedSequences() + " returned");
        }
        if (!arm.modelName().isEmpty() || !arm.modelVersion().isEmpty()) {
            changes.add("model " + (arm.modelName().isEmpty() ? "(the job's)" : arm.modelName())
                    + (arm.modelVersion().isEmpty() ? "" : " version " + arm.modelVersion()));
        }
        return arm.name() + " " + RuleNodes.plain(arm.share() * 100) + "% (buckets " + arm.firstBucket() + "-"
                + (arm.firstBucket() + arm.buckets() - 1) + "; "
                + (changes.isEmpty() ? "the job's settings" : String.join(", ", changes)) + ")";
    }

    /** The whole simulate path: parse the rules, replay the log, print the report. */
    private int simulate(String file, ReplayArgs replay, boolean hourly) {
        RulesParseResult result = parse(file);
        if (result == null) {
            return INVALID;
        }
        out.print(ReportText.render(replay(result.rules(), replay), hourly));
        Optional<RulesTradeOff> tradeOff = RulesTradeOff.onClassPath();
        if (tradeOff.isEmpty()) {
            out.println("trade-off against every-event rules: recall-tradeoff is not on the class path (bin/rules adds it)");
        } else {
            out.println();
            out.print(tradeOff.get().render(result.rules(), open(replay)));
        }
        return OK;
    }

    private int diff(String fileA, String fileB, ReplayArgs replay) {
        RulesParseResult a = parse(fileA);
        RulesParseResult b = parse(fileB);
        if (a == null || b == null) {
            return INVALID;
        }
        out.print(ReportText.diff(replay(a.rules(), replay), replay(b.rules(), replay)));
        return OK;
    }

    private int publish(String file, String bootstrap, String topic) {
        RulesParseResult result = parse(file);
        if (result == null) {
            return INVALID;
        }
        RulesPublisher.Published p = RulesPublisher.publish(read(file), bootstrap, topic);
        out.printf("published rules %s to %s partition %d offset %d%n", p.rules().version(), p.topic(), p.partition(),
                p.offset());
        return OK;
    }

    private SimulationReport replay(TriggerRules rules, ReplayArgs replay) {
        return TriggerSimulation.run(rules, open(replay), replay.events == null ? -1 : replay.events);
    }

    private static BehaviourLog open(ReplayArgs replay) {
        BehaviourLogOptions options = BehaviourLogOptions.defaults().withSeed(replay.seed);
        if (replay.events != null && replay.source.equals(BehaviourLogs.GENERATOR)) {
            options = options.withEvents(replay.events);
        }
        return BehaviourLogs.open(replay.source, options);
    }

    /** The parsed rules, or null after printing every error as FILE:LINE: PATH: REASON. */
    private RulesParseResult parse(String file) {
        String text;
        try {
            text = read(file);
        } catch (IllegalStateException e) {
            err.println(file + ": " + e.getMessage());
            return null;
        }
        RulesParseResult result = TriggerRulesParser.parse(text);
        if (!result.isValid()) {
            for (RuleError e : result.errors()) {
                err.println(file + ":" + e.line() + ": " + (e.path().isEmpty() ? "" : e.path() + ": ") + e.reason());
            }
            err.println(file + ": invalid, " + result.errors().size() + " error(s); nothing applied");
            return null;
        }
        return result;
    }

    private static String read(String file) {
        try {
            return RulesText.load(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot read: " + e.getCause(), e);
        }
    }
}
