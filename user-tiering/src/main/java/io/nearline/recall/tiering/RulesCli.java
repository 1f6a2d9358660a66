package io.nearline.recall.tiering;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops command line for rules files: {@code validate}, {@code simulate} against a behaviour log, {@code diff} two
 * rule sets on one log, and {@code publish} to the control topic. A FILE may also be {@code builtin:NAME} for a rules
 * file shipped in this module (e.g. {@code builtin:default-rules.yaml}).
 */
public final class RulesCli {

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: RulesCli validate FILE
                   RulesCli simulate FILE [--source generator|PATH] [--events N] [--seed N] [--hourly]
                   RulesCli diff FILE_A FILE_B [--source generator|PATH] [--events N] [--seed N]
                   RulesCli publish FILE --bootstrap HOST:PORT [--topic %s]
            FILE: a rules YAML path, or builtin:NAME for a shipped rules file""".formatted(TieringOptions.DEFAULT_RULES_TOPIC);

    private final PrintStream out;
    private final PrintStream err;

    RulesCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RulesCli(System.out, System.err).run(args));
    }

    /** Runs one command and returns the process exit status: 0 done, 1 invalid rules or failure, 2 bad usage. */
    int run(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--hourly")) {
                flags.put("--hourly", "true");
            } else if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    return usage("option " + args[i] + " needs a value");
                }
                flags.put(args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.isEmpty()) {
            return usage("no command");
        }
        try {
            return switch (positional.get(0)) {
                case "validate" -> positional.size() == 2 ? validate(positional.get(1)) : usage("validate takes one FILE");
                case "simulate" -> positional.size() == 2 ? simulate(positional.get(1), flags) : usage("simulate takes one FILE");
                case "diff" -> positional.size() == 3 ? diff(positional.get(1), positional.get(2), flags)
                        : usage("diff takes two FILEs");
                case "publish" -> positional.size() == 2 ? publish(positional.get(1), flags) : usage("publish takes one FILE");
                default -> usage("unknown command '" + positional.get(0) + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
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
        return OK;
    }

    private int simulate(String file, Map<String, String> flags) {
        RulesParseResult result = parse(file);
        if (result == null) {
            return INVALID;
        }
        out.print(ReportText.render(replay(result.rules(), flags), flags.containsKey("--hourly")));
        return OK;
    }

    private int diff(String fileA, String fileB, Map<String, String> flags) {
        RulesParseResult a = parse(fileA);
        RulesParseResult b = parse(fileB);
        if (a == null || b == null) {
            return INVALID;
        }
        out.print(ReportText.diff(replay(a.rules(), flags), replay(b.rules(), flags)));
        return OK;
    }

    private int publish(String file, Map<String, String> flags) {
        RulesParseResult result = parse(file);
        if (result == null) {
            return INVALID;
        }
        String bootstrap = flags.get("--bootstrap");
        if (bootstrap == null) {
            return usage("publish needs --bootstrap HOST:PORT");
        }
        String topic = flags.getOrDefault("--topic", TieringOptions.DEFAULT_RULES_TOPIC);
        RulesPublisher.Published p = RulesPublisher.publish(read(file), bootstrap, topic);
        out.printf("published rules %s to %s partition %d offset %d%n", p.rules().version(), p.topic(), p.partition(),
                p.offset());
        return OK;
    }

    private SimulationReport replay(TriggerRules rules, Map<String, String> flags) {
        String source = flags.getOrDefault("--source", BehaviourLogs.GENERATOR);
        long events = Long.parseLong(flags.getOrDefault("--events", "-1"));
        BehaviourLogOptions options = BehaviourLogOptions.defaults().withSeed(Long.parseLong(flags.getOrDefault("--seed", "42")));
        if (events >= 0 && source.equals(BehaviourLogs.GENERATOR)) {
            options = options.withEvents(events);
        }
        BehaviourLog log = BehaviourLogs.open(source, options);
        return TriggerSimulation.run(rules, log, events);
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
            if (file.startsWith("builtin:")) {
                String name = file.substring("builtin:".length());
                try (InputStream in = RulesCli.class.getResourceAsStream("/rules/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("no shipped rules file named '" + name + "'");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read: " + e, e);
        }
    }

    private int usage(String problem) {
        err.println(problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
