package io.nearline.recall.tiering;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses and validates a rules file (YAML). Works on snakeyaml's node tree so every error names its line; collects
 * every error rather than stopping at the first, and returns rules only when there are none.
 */
public final class TriggerRulesParser {

    private static final Set<String> TOP = Set.of("version", "description", "arpu", "grades", "tiers", "budget", "arms");
    private static final Set<String> ARPU = Set.of("smoothing", "hysteresis", "unknownTier");
    private static final Set<String> BUDGET = Set.of("requestsPerSecond", "burst", "queueCapacity", "maxWaitMs",
            "replaceQueued");
    private static final Set<String> DOMAINS = names(Domain.values());
    private static final Set<String> ACTIONS = names(Action.values());

    private TriggerRulesParser() {}

    public static RulesParseResult parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return RulesParseResult.invalid(List.of(new RuleError(0, 0, "", "cannot read " + file + ": " + e)));
        }
    }

    public static RulesParseResult parse(String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported with both lines by RuleNodes instead
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            int column = mark == null ? 1 : mark.getColumn() + 1;
            return RulesParseResult.invalid(List.of(new RuleError(line, column, "", "not valid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            return RulesParseResult.invalid(List.of(new RuleError(1, 1, "", "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            return RulesParseResult.invalid(List.of(new RuleError(1, 1, "", "the rules file is empty")));
        }
        RuleNodes nodes = new RuleNodes();
        TriggerRules rules = read(root, nodes);
        if (!nodes.errors().isEmpty()) {
            List<RuleError> sorted = nodes.errors().stream()
                    .sorted((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                            : Integer.compare(a.column(), b.column()))
                    .toList();
            return RulesParseResult.invalid(sorted);
        }
        return RulesParseResult.valid(rules);
    }

    /** The rules, or null when any error was recorded. */
    private static TriggerRules read(Node root, RuleNodes nodes) {
        Optional<RuleNodes.Fields> top = nodes.fields(root, "", TOP);
        if (top.isEmpty()) {
            return null;
        }
        RuleNodes.Fields f = top.get();
        nodes.text(f, "description");
        Optional<String> version = nodes.requiredText(f, "version");
        Optional<List<UserTier>> tiers = f.get("tiers").isEmpty()
                ? missing(nodes, f, "tiers")
                : TiersParser.read(f.get("tiers").get(), nodes);
        BehaviourGrades grades = f.get("grades").map(n -> grades(n, nodes)).orElse(BehaviourGrades.defaults());
        Optional<ArpuRules> arpu = arpu(f.get("arpu").orElse(null), tiers.orElse(List.of()), nodes);
        Optional<BudgetRules> budget = f.get("budget").isEmpty() ? missing(nodes, f, "budget")
                : budget(f.get("budget").get(), nodes);
        Optional<Experiment> experiment = f.get("arms").isEmpty() ? Optional.of(Experiment.single())
                : ArmsParser.read(f.get("arms").get(), nodes);
        if (!nodes.errors().isEmpty() || version.isEmpty() || tiers.isEmpty() || arpu.isEmpty() || budget.isEmpty()
                || experiment.isEmpty()) {
            return null;
        }
        return new TriggerRules(version.get(), arpu.get(), grades, tiers.get(), budget.get(), experiment.get());
    }

    private static <T> Optional<T> missing(RuleNodes nodes, RuleNodes.Fields f, String key) {
        nodes.error(f.mapping(), key, "missing required field '" + key + "'");
        return Optional.empty();
    }

    private static Optional<ArpuRules> arpu(Node node, List<UserTier> tiers, RuleNodes nodes) {
        String lowest = tiers.isEmpty() ? "" : tiers.get(0).name();
        if (node == null) {
            return Optional.of(new ArpuRules(TieringOptions.DEFAULT_ARPU_SMOOTHING, TieringOptions.DEFAULT_ARPU_HYSTERESIS, lowest));
        }
        Optional<RuleNodes.Fields> fields = nodes.fields(node, "arpu", ARPU);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        RuleNodes.Fields f = fields.get();
        double smoothing = nodes.number(f, "smoothing", Double.MIN_VALUE, 1).orElse(TieringOptions.DEFAULT_ARPU_SMOOTHING);
        double hysteresis = nodes.number(f, "hysteresis", 0, 0.99).orElse(TieringOptions.DEFAULT_ARPU_HYSTERESIS);
        String unknown = nodes.text(f, "unknownTier").orElse(lowest);
        if (!tiers.isEmpty() && tiers.stream().noneMatch(t -> t.name().equals(unknown))) {
            nodes.error(f.get("unknownTier").orElse(node), "arpu.unknownTier", "no tier is named '" + unknown + "' (tiers: "
                    + tiers.stream().map(UserTier::name).collect(Collectors.joining(", ")) + ")");
        }
        return Optional.of(new ArpuRules(smoothing, hysteresis, unknown));
    }

    private static BehaviourGrades grades(Node node, RuleNodes nodes) {
        BehaviourGrades grades = BehaviourGrades.defaults();
        Optional<RuleNodes.Fields> byDomain = nodes.fields(node, "grades", DOMAINS);
        if (byDomain.isEmpty()) {
            return grades;
        }
        for (var domain : byDomain.get().values().entrySet()) {
            String path = "grades." + domain.getKey();
            Optional<RuleNodes.Fields> byAction = nodes.fields(domain.getValue(), path, ACTIONS);
            if (byAction.isEmpty()) {
                continue;
            }
            for (String action : byAction.get().values().keySet()) {
                Optional<Long> grade = nodes.whole(byAction.get(), action, 0, TieringOptions.MAX_GRADE);
                if (grade.isPresent()) {
                    grades = grades.with(Domain.valueOf(domain.getKey()), Action.valueOf(action), grade.get().intValue());
                }
            }
        }
        return grades;
    }

    private static Optional<BudgetRules> budget(Node node, RuleNodes nodes) {
        Optional<RuleNodes.Fields> fields = nodes.fields(node, "budget", BUDGET);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        RuleNodes.Fields f = fields.get();
        Optional<Double> rate = nodes.requiredNumber(f, "requestsPerSecond", 0, Double.MAX_VALUE);
        if (rate.isPresent() && (rate.get() == 0 || rate.get() > TieringOptions.MAX_REQUESTS_PER_SECOND)) {
            nodes.error(f.get("requestsPerSecond").get(), "budget.requestsPerSecond", rate.get() == 0
                    ? "must be above 0"
                    : RuleNodes.plain(rate.get()) + " is above the hard ceiling of "
                            + RuleNodes.plain(TieringOptions.MAX_REQUESTS_PER_SECOND)
                            + " requests per second (TieringOptions.MAX_REQUESTS_PER_SECOND)");
            return Optional.empty();
        }
        int defaultBurst = (int) Math.ceil(rate.orElse(1.0));
        long burst = nodes.whole(f, "burst", 1, TieringOptions.MAX_BURST).orElse((long) defaultBurst);
        long capacity = nodes.whole(f, "queueCapacity", 1, TieringOptions.MAX_QUEUE_CAPACITY)
                .orElse((long) TieringOptions.DEFAULT_QUEUE_CAPACITY);
        long maxWait = nodes.whole(f, "maxWaitMs", 0, Long.MAX_VALUE / 4).orElse(TieringOptions.DEFAULT_MAX_WAIT_MS);
        if (rate.isPresent() && burst < BudgetRules.minimumBurst(rate.get())) {
            nodes.error(f.get("burst").get(), "budget.burst", burst + " is below "
                    + BudgetRules.minimumBurst(rate.get()) + ": the budget decides once per millisecond, so a bucket"
                    + " smaller than a millisecond's tokens cannot reach " + RuleNodes.plain(rate.get())
                    + " requests per second");
            return Optional.empty();
        }
        boolean replaceQueued = nodes.bool(f, "replaceQueued").orElse(false);
        return rate.map(r -> new BudgetRules(r, (int) burst, (int) capacity, maxWait, replaceQueued));
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }
}
