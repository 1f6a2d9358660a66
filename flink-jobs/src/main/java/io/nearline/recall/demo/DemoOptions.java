package io.nearline.recall.demo;

import io.nearline.recall.job.rules.RulesText;
import io.nearline.recall.tiering.RulesParseResult;
import io.nearline.recall.tiering.TriggerRulesParser;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's command-line flags, each with a default.
 *
 * <pre>
 * --source generator|PATH   behaviour log: the built-in generator, or a dataset folder/file (default generator)
 * --events N                behaviours to replay at most (default 20000)
 * --seconds S               stop replaying after S seconds (default 120)
 * --rate N                  behaviours per second, 0 = as fast as the broker takes them (default 0)
 * --parallelism N           parallel instances of every operator (default 2)
 * --malformed-every N       send one malformed record every N behaviours, 0 = none (default 1000)
 * --summary-json PATH       also write the summary as JSON here (default demo-summary.json)
 * --rules builtin:NAME|PATH the trigger rules in force (default builtin:default-rules.yaml)
 * --ids-from behaviour|text semantic IDs from co-occurrence in the history (seconds) or from the objects'
 *                           text with the embedding model (minutes for thousands of objects) (default behaviour)
 * --model count|transformer|fusion  what the inference server generates with: the count model, the recall LLM
 *                           (trained first with python3 and torch, a minute or two), or both fused (default count)
 * --warm-start true|false   send the history to the job first, as state only (bootstrap.until), so that the
 *                           replay starts from users' history rather than from empty state (default true)
 * </pre>
 */
public record DemoOptions(String source, long events, Duration duration, int rate, int parallelism,
                          int malformedEvery, Path summaryJson, boolean idsFromText, String rules,
                          boolean warmStart, DemoModel model, String python) {

    /** Asked for with {@code --help} or {@code -h}: print the usage and exit 0. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("usage", null, false, false);
        }
    }

    /**
     * Parses and checks the flags: numbers, the source folder and the rules file are checked here, before
     * any server starts, each failure one line naming the flag.
     *
     * @throws HelpRequested for --help
     * @throws IllegalArgumentException naming the flag and what is wrong with its value
     */
    public static DemoOptions parse(String[] args) {
        String source = "generator";
        long events = 20_000;
        Duration duration = Duration.ofSeconds(120);
        int rate = 0;
        int parallelism = 2;
        int malformedEvery = 1000;
        Path summary = Path.of("demo-summary.json");
        boolean idsFromText = false;
        String rules = "builtin:default-rules.yaml";
        boolean warmStart = true;
        DemoModel model = DemoModel.COUNT;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + flag + " (flags start with --)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--source" -> source = value;
                case "--events" -> events = positive(flag, number(flag, value, Long.MAX_VALUE));
                case "--seconds" -> duration = Duration.ofSeconds(positive(flag, number(flag, value, 86_400L * 365)));
                case "--rate" -> rate = (int) nonNegative(flag, number(flag, value, 10_000_000));
                case "--parallelism" -> parallelism = (int) positive(flag, number(flag, value, 256));
                case "--malformed-every" -> malformedEvery = (int) nonNegative(flag, number(flag, value, Integer.MAX_VALUE));
                case "--summary-json" -> summary = Path.of(value);
                case "--rules" -> rules = value;
                case "--model" -> model = DemoModel.parse(value);
                case "--warm-start" -> warmStart = switch (value) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("--warm-start is true or false, was " + value);
                };
                case "--ids-from" -> idsFromText = switch (value) {
                    case "text" -> true;
                    case "behaviour" -> false;
                    default -> throw new IllegalArgumentException("--ids-from is behaviour or text, was " + value);
                };
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        checkSource(source);
        checkRules(rules);
        String python = null;
        if (model != DemoModel.COUNT) {
            String flag = model.flag();
            python = RecallLlmTraining.python().orElseThrow(() -> new IllegalArgumentException("--model " + flag
                    + " trains the recall LLM with PyTorch: no python3 here imports torch (apt-get install python3-torch,"
                    + " or set NEARLINE_PYTHON)"));
        }
        return new DemoOptions(source, events, duration, rate, parallelism, malformedEvery, summary, idsFromText, rules,
                warmStart, model, python);
    }

    private static long number(String flag, String value, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, was '" + value + "'");
        }
        if (parsed > max) {
            throw new IllegalArgumentException(flag + " is at most " + max + ", was " + parsed);
        }
        return parsed;
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

    private static long positive(String flag, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, was " + value);
        }
        return value;
    }

    private static long nonNegative(String flag, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(flag + " must not be negative, was " + value);
        }
        return value;
    }
}
