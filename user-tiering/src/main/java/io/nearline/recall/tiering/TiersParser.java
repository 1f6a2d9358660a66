package io.nearline.recall.tiering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code tiers} list of a rules file: names, ARPU thresholds in ascending order and trigger strategies. */
final class TiersParser {

    private static final Set<String> FIELDS = Set.of("name", "minArpu", "fireAtGrade", "countFromGrade", "everyN",
            "debounceMs", "debounceMaxMs", "cooldownMs", "dailyCap", "onlyInputChanges", "fireOnFirstSight",
            "refreshAfterMs");
    private static final long MAX_WINDOW_MS = 366L * 86_400_000L;

    private TiersParser() {}

    /** The tiers, lowest first with rank = position, or empty when any tier is invalid. */
    static Optional<List<UserTier>> read(Node node, RuleNodes nodes) {
        Optional<List<Node>> items = nodes.items(node, "tiers");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            nodes.error(node, "tiers", "at least one tier is required");
            return Optional.empty();
        }
        int errorsBefore = nodes.errors().size();
        List<UserTier> tiers = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        Node previous = null;
        for (Node item : items.get()) {
            String path = "tiers[" + tiers.size() + "]";
            Optional<RuleNodes.Fields> fields = nodes.fields(item, path, FIELDS);
            Optional<UserTier> tier = fields.flatMap(f -> tier(f, tiers.size(), nodes));
            if (tier.isEmpty()) {
                tiers.add(null);
                continue;
            }
            UserTier t = tier.get();
            Node nameNode = fields.get().get("name").orElseThrow();
            Node minArpuNode = fields.get().get("minArpu").orElseThrow();
            Integer seen = lineOfName.putIfAbsent(t.name(), line(item));
            if (seen != null) {
                nodes.error(nameNode, path + ".name", "tier name '" + t.name() + "' is already used at line " + seen);
            }
            UserTier before = tiers.isEmpty() ? null : tiers.get(tiers.size() - 1);
            if (before == null && tiers.isEmpty() && t.minArpu() != 0) {
                nodes.error(minArpuNode, path + ".minArpu", "the first tier must start at minArpu 0 so every ARPU has a tier, got "
                        + RuleNodes.plain(t.minArpu()));
            } else if (before != null && t.minArpu() == before.minArpu()) {
                nodes.error(minArpuNode, path + ".minArpu", "overlaps tier '" + before.name() + "' (line " + line(previous)
                        + "): both start at minArpu " + RuleNodes.plain(t.minArpu()));
            } else if (before != null && t.minArpu() < before.minArpu()) {
                nodes.error(minArpuNode, path + ".minArpu", "tiers must be listed in ascending minArpu, but "
                        + RuleNodes.plain(t.minArpu()) + " is below " + RuleNodes.plain(before.minArpu())
                        + " of tier '" + before.name() + "' (line " + line(previous) + ")");
            }
            tiers.add(t);
            previous = item;
        }
        return nodes.errors().size() == errorsBefore ? Optional.of(List.copyOf(tiers)) : Optional.empty();
    }

    private static Optional<UserTier> tier(RuleNodes.Fields f, int rank, RuleNodes nodes) {
        Optional<String> name = nodes.requiredText(f, "name");
        Optional<Double> minArpu = nodes.requiredNumber(f, "minArpu", 0, Double.MAX_VALUE);
        int fireAtGrade = nodes.whole(f, "fireAtGrade", 0, TieringOptions.MAX_GRADE).map(Long::intValue).orElse(UserTier.NEVER);
        int countFromGrade = nodes.whole(f, "countFromGrade", 0, TieringOptions.MAX_GRADE).map(Long::intValue).orElse(0);
        int everyN = nodes.whole(f, "everyN", 0, Integer.MAX_VALUE).map(Long::intValue).orElse(0);
        long debounceMs = nodes.whole(f, "debounceMs", 0, MAX_WINDOW_MS).orElse(0L);
        long debounceMaxMs = nodes.whole(f, "debounceMaxMs", 0, MAX_WINDOW_MS).orElse(0L);
        long cooldownMs = nodes.whole(f, "cooldownMs", 0, MAX_WINDOW_MS).orElse(0L);
        int dailyCap = nodes.whole(f, "dailyCap", 0, Integer.MAX_VALUE - 1).map(Long::intValue).orElse(UserTier.UNLIMITED);
        boolean onlyInputChanges = nodes.bool(f, "onlyInputChanges").orElse(false);
        boolean fireOnFirstSight = nodes.bool(f, "fireOnFirstSight").orElse(false);
        long refreshAfterMs = nodes.whole(f, "refreshAfterMs", 0, MAX_WINDOW_MS).orElse(0L);
        if (debounceMaxMs > 0 && debounceMaxMs < debounceMs) {
            nodes.error(f.get("debounceMaxMs").get(), f.pathOf("debounceMaxMs"), "debounceMaxMs (" + debounceMaxMs
                    + ") must not be shorter than debounceMs (" + debounceMs + ")");
        }
        if (name.isEmpty() || minArpu.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UserTier(name.get(), rank, minArpu.get(), fireAtGrade, countFromGrade, everyN,
                debounceMs, debounceMaxMs, cooldownMs, dailyCap, onlyInputChanges, fireOnFirstSight, refreshAfterMs));
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
