package io.nearline.recall.tiering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code arms} list of a rules file: names, shares (fractions of users that add up to 1, each a whole
 * number of the {@link TieringOptions#ARM_BUCKETS} buckets) and per-arm inference overrides.
 */
final class ArmsParser {

    private static final Set<String> FIELDS = Set.of("name", "share", "description", "beamWidth", "returnedSequences",
            "modelName", "modelVersion");
    /** Arm names are metric labels, URL parts and Redis field values: short, lower case, no separators. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final double SLACK = 1e-6;
    private static final String ONE_BUCKET = java.math.BigDecimal.ONE
            .divide(java.math.BigDecimal.valueOf(TieringOptions.ARM_BUCKETS)).toPlainString();

    private ArmsParser() {}

    /** The experiment, or empty when any arm is invalid. */
    static Optional<Experiment> read(Node node, RuleNodes nodes) {
        Optional<List<Node>> items = nodes.items(node, "arms");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty() || items.get().size() > TieringOptions.MAX_ARMS) {
            nodes.error(node, "arms", "expected 1 to " + TieringOptions.MAX_ARMS + " arms, got " + items.get().size());
            return Optional.empty();
        }
        int errorsBefore = nodes.errors().size();
        List<Arm> arms = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        int nextBucket = 0;
        for (int i = 0; i < items.get().size(); i++) {
            Node item = items.get().get(i);
            String path = "arms[" + i + "]";
            Optional<RuleNodes.Fields> fields = nodes.fields(item, path, FIELDS);
            if (fields.isEmpty()) {
                continue;
            }
            RuleNodes.Fields f = fields.get();
            nodes.text(f, "description");
            Optional<String> name = nodes.requiredText(f, "name");
            name.ifPresent(n -> checkName(n, f, lineOfName, nodes));
            Optional<Integer> buckets = nodes.requiredNumber(f, "share", 0, 1).flatMap(share -> buckets(share, f, nodes));
            int beamWidth = nodes.whole(f, "beamWidth", 1, TieringOptions.MAX_BEAM_WIDTH).map(Long::intValue).orElse(0);
            int returned = nodes.whole(f, "returnedSequences", 1, TieringOptions.MAX_BEAM_WIDTH).map(Long::intValue)
                    .orElse(0);
            if (returned > 0 && beamWidth > 0 && returned > beamWidth) {
                nodes.error(f.get("returnedSequences").get(), f.pathOf("returnedSequences"), "returns " + returned
                        + " beams but searches only " + beamWidth + " (beamWidth)");
            }
            String modelName = nodes.text(f, "modelName").orElse("");
            String modelVersion = nodes.text(f, "modelVersion").orElse("");
            if (name.isPresent() && buckets.isPresent()) {
                arms.add(new Arm(name.get(), nextBucket, buckets.get(), beamWidth, returned, modelName, modelVersion));
                nextBucket += buckets.get();
            }
        }
        if (nodes.errors().size() != errorsBefore) {
            return Optional.empty();
        }
        if (nextBucket != TieringOptions.ARM_BUCKETS) {
            nodes.error(node, "arms", "the shares add up to " + RuleNodes.plain((double) nextBucket / TieringOptions.ARM_BUCKETS)
                    + ", they must add up to 1");
            return Optional.empty();
        }
        return Optional.of(new Experiment(arms));
    }

    private static void checkName(String name, RuleNodes.Fields f, Map<String, Integer> lineOfName, RuleNodes nodes) {
        Node at = f.get("name").orElseThrow();
        if (!NAME.matcher(name).matches()) {
            nodes.error(at, f.pathOf("name"), "'" + name + "' is not an arm name: 1 to 32 of a-z, 0-9, '_' and '-',"
                    + " starting with a letter or digit");
            return;
        }
        Integer seen = lineOfName.putIfAbsent(name, at.getStartMark().getLine() + 1);
        if (seen != null) {
            nodes.error(at, f.pathOf("name"), "arm name '" + name + "' is already used at line " + seen);
        }
    }

    private static Optional<Integer> buckets(double share, RuleNodes.Fields f, RuleNodes nodes) {
        double exact = share * TieringOptions.ARM_BUCKETS;
        long whole = Math.round(exact);
        Node at = f.get("share").orElseThrow();
        if (whole == 0) {
            nodes.error(at, f.pathOf("share"), "must be above 0 (at least " + ONE_BUCKET + ")");
            return Optional.empty();
        }
        if (Math.abs(exact - whole) > SLACK) {
            nodes.error(at, f.pathOf("share"), RuleNodes.plain(share) + " is not a whole number of the "
                    + TieringOptions.ARM_BUCKETS + " user buckets (a multiple of " + ONE_BUCKET + ")");
            return Optional.empty();
        }
        return Optional.of((int) whole);
    }
}
