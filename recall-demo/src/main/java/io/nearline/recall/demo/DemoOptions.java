package io.nearline.recall.demo;

import io.nearline.recall.tiering.RulesParseResult;
import io.nearline.recall.tiering.RulesText;
import io.nearline.recall.tiering.TriggerRulesParser;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The demo's command-line flags, each with a default: {@link Flags} declares them (picocli; {@code --help} and the
 * README table show them), {@link #parse} checks them.
 */
public record DemoOptions(String source, long events, Duration duration, int rate, int parallelism,
                          int malformedEvery, Path summaryJson, boolean idsFromText, String rules,
                          boolean warmStart, DemoModel model, String python, double traceSampleRate,
                          String tracePinnedUsers, boolean ui, int uiPort, boolean tierPriority) {

    /** Asked for with {@code --help} or {@code -h}: print the usage and exit 0. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("usage", null, false, false);
        }
    }

    /** The flags as given; the README's flag table is checked against these declarations. */
    @Command(name = "bin/demo", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Runs the job on its embedded default (Kafka, Redis, Flink MiniCluster, inference server) "
                    + "and replays a behaviour log through it.",
            footer = "Exits 0 when every figure of the summary holds together, 1 when one does not (it says "
                    + "which), 2 for a bad flag.")
    static final class Flags {
        @Option(names = "--source", paramLabel = "generator|PATH", defaultValue = "generator",
                description = "`generator`, or a dataset: a folder with MovieLens-100K's `u.data`, or Amazon Beauty's "
                        + "`Beauty.txt`")
        String source;

        @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
                description = "behaviours replayed at most")
        long events;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "120",
                description = "stop replaying after this long")
        long seconds;

        @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
                description = "behaviours per second; 0 = as fast as the broker takes them")
        long rate;

        @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
                description = "parallel instances of every operator")
        long parallelism;

        @Option(names = "--malformed-every", paramLabel = "N", defaultValue = "1000",
                description = "one malformed record (garbage, unknown schema, no user, absurd time) every N "
                        + "behaviours; 0 = none")
        long malformedEvery;

        @Option(names = "--summary-json", paramLabel = "PATH", defaultValue = "demo-summary.json",
                description = "where the JSON summary goes")
        Path summaryJson;

        @Option(names = "--rules", paramLabel = "builtin:NAME|PATH", defaultValue = "builtin:default-rules.yaml",
                description = "the trigger rules in force (`builtin:NAME` from user-tiering, or a path)")
        String rules;

        @Option(names = "--model", paramLabel = "count|transformer|fusion", defaultValue = "count",
                description = "what the inference server generates with: `count` (the sequential count model), "
                        + "`transformer` (the recall LLM, trained first from the history's samples with `python3` "
                        + "+ torch, about two minutes here), `fusion` (both, log-probabilities added)")
        String model;

        @Option(names = "--warm-start", paramLabel = "true|false", defaultValue = "true", arity = "1",
                description = "send the history first as state only (`bootstrap.until`), so the replay starts from "
                        + "users' history")
        String warmStart;

        @Option(names = "--ids-from", paramLabel = "behaviour|text", defaultValue = "behaviour",
                description = "semantic IDs from co-occurrence in the history (seconds) or from the objects' `text` "
                        + "(MiniLM embeddings, minutes for thousands of objects)")
        String idsFrom;

        @Option(names = "--trace-sample-rate", paramLabel = "R", defaultValue = "1.0",
                description = "share of recall requests traced (the job's `trace.sample-rate`; the demo traces all, "
                        + "production's default is 0.01)")
        double traceSampleRate;

        @Option(names = "--trace-pinned-users", paramLabel = "IDS", defaultValue = "",
                description = "comma-separated users whose every request is traced (`trace.pinned-users`)")
        String tracePinnedUsers;

        @Option(names = "--ui", defaultValue = "false",
                description = "start the recall inspector beside the demo's Redis and broker, print its URL, and "
                        + "keep serving it after the summary until Ctrl-C")
        boolean ui;

        @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "8089",
                description = "the inspector's port on 127.0.0.1 with `--ui`; 0 picks a free one")
        long uiPort;

        @Option(names = "--tier-priority", paramLabel = "true|false", defaultValue = "true", arity = "1",
                description = "send the top tier's calls at Triton's first priority level and the others' at the "
                        + "second (`inference.tier-priority`), so the server searches the top tier's first in a burst")
        String tierPriority;

        /**
         * The options these flags give: numbers, the source folder and the rules file are checked here, before
         * any server starts, each failure one line naming the flag.
         */
        DemoOptions check() {
            positive("--events", events, Long.MAX_VALUE);
            positive("--seconds", seconds, 86_400L * 365);
            nonNegative("--rate", rate, 10_000_000);
            positive("--parallelism", parallelism, 256);
            nonNegative("--malformed-every", malformedEvery, Integer.MAX_VALUE);
            boolean warm = switch (warmStart) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("--warm-start is true or false, was " + warmStart);
            };
            boolean prioritised = switch (tierPriority) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("--tier-priority is true or false, was " + tierPriority);
            };
            boolean idsFromText = switch (idsFrom) {
                case "text" -> true;
                case "behaviour" -> false;
                default -> throw new IllegalArgumentException("--ids-from is behaviour or text, was " + idsFrom);
            };
            DemoModel demoModel = DemoModel.parse(model);
            if (!(traceSampleRate >= 0 && traceSampleRate <= 1)) {
                throw new IllegalArgumentException("--trace-sample-rate is between 0 and 1, was " + traceSampleRate);
            }
            nonNegative("--ui-port", uiPort, 65_535);
            checkSource(source);
            checkRules(rules);
            String python = null;
            if (demoModel != DemoModel.COUNT) {
                String flag = demoModel.flag();
                python = RecallLlmTraining.python().orElseThrow(() -> new IllegalArgumentException("--model " + flag
                        + " trains the recall LLM with PyTorch: no python3 here imports torch (apt-get install "
                        + "python3-torch, or set NEARLINE_PYTHON)"));
            }
            return new DemoOptions(source, events, Duration.ofSeconds(seconds), (int) rate, (int) parallelism,
                    (int) malformedEvery, summaryJson, idsFromText, rules, warm, demoModel, python, traceSampleRate,
                    tracePinnedUsers, ui, (int) uiPort, prioritised);
        }
    }

    /**
     * Parses and checks the flags.
     *
     * @throws HelpRequested for --help
     * @throws IllegalArgumentException naming the flag and what is wrong with its value
     */
    public static DemoOptions parse(String[] args) {
        Flags flags = new Flags();
        CommandLine line = new CommandLine(flags);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (line.isUsageHelpRequested() || line.isVersionHelpRequested()) {
            throw new HelpRequested();
        }
        return flags.check();
    }

    /** The usage text {@code --help} prints. */
    public static String usage() {
        return new CommandLine(new Flags()).getUsageMessage();
    }

    private static void checkSource(String source) {
        if (!source.equals("generator") && !Files.exists(Path.of(source))) {
            throw new IllegalArgumentException("--source " + source + ": no such file or folder (or use 'generator')");
        }
    }

    /** The rules are parsed as the job will parse them; a bad file is refused with its first errors' lines. */
    private static void checkRules(String rules) {
        String text;
        try {
            text = RulesText.load(rules);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("--rules " + rules + ": " + (cause instanceof NoSuchFileException
                    ? "no such file (or use builtin:NAME)" : cause.getMessage()));
        }
        RulesParseResult parsed = TriggerRulesParser.parse(text);
        if (!parsed.isValid()) {
            throw new IllegalArgumentException("--rules " + rules + " is not valid: "
                    + String.join("; ", parsed.describeErrors().split("\n")));
        }
    }

    private static void positive(String flag, long value, long max) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, was " + value);
        }
        atMost(flag, value, max);
    }

    private static void nonNegative(String flag, long value, long max) {
        if (value < 0) {
            throw new IllegalArgumentException(flag + " must not be negative, was " + value);
        }
        atMost(flag, value, max);
    }

    private static void atMost(String flag, long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException(flag + " is at most " + max + ", was " + value);
        }
    }
}
