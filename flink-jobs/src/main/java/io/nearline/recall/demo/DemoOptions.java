package io.nearline.recall.demo;

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
 * </pre>
 */
public record DemoOptions(String source, long events, Duration duration, int rate, int parallelism,
                          int malformedEvery, Path summaryJson, boolean idsFromText, String rules) {

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
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--source" -> source = value;
                case "--events" -> events = positive(flag, Long.parseLong(value));
                case "--seconds" -> duration = Duration.ofSeconds(positive(flag, Long.parseLong(value)));
                case "--rate" -> rate = (int) nonNegative(flag, Integer.parseInt(value));
                case "--parallelism" -> parallelism = (int) positive(flag, Integer.parseInt(value));
                case "--malformed-every" -> malformedEvery = (int) nonNegative(flag, Integer.parseInt(value));
                case "--summary-json" -> summary = Path.of(value);
                case "--rules" -> rules = value;
                case "--ids-from" -> idsFromText = switch (value) {
                    case "text" -> true;
                    case "behaviour" -> false;
                    default -> throw new IllegalArgumentException("--ids-from is behaviour or text, was " + value);
                };
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new DemoOptions(source, events, duration, rate, parallelism, malformedEvery, summary, idsFromText, rules);
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
