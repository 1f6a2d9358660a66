package io.nearline.recall.tiering;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads typed values out of a YAML node tree, recording an error with its line for every value it cannot accept. */
final class RuleNodes {

    /** The fields of one YAML mapping, by key, with the mapping itself for errors about missing fields. */
    record Fields(Node mapping, String path, Map<String, Node> values) {

        Optional<Node> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        String pathOf(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    private final List<RuleError> errors = new ArrayList<>();

    List<RuleError> errors() {
        return errors;
    }

    void error(Node at, String path, String reason) {
        errors.add(new RuleError(at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, path, reason));
    }

    /** The fields of a mapping node, reporting any key outside {@code allowed} and any key given twice. */
    Optional<Fields> fields(Node node, String path, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, path, "expected a mapping of " + String.join(", ", new TreeSet<>(allowed)));
            return Optional.empty();
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode s ? s.getValue() : null;
            String at = key == null ? path : (path.isEmpty() ? key : path + "." + key);
            if (key == null) {
                error(keyNode, path, "a key must be plain text");
            } else if (!allowed.contains(key)) {
                error(keyNode, at, "unknown field '" + key + "' (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            } else if (values.containsKey(key)) {
                error(keyNode, at, "field given twice (first at line " + (values.get(key).getStartMark().getLine() + 1) + ")");
            } else {
                values.put(key, tuple.getValueNode());
            }
        }
        return Optional.of(new Fields(node, path, values));
    }

    /** The items of a sequence node. */
    Optional<List<Node>> items(Node node, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            error(node, path, "expected a list");
            return Optional.empty();
        }
        return Optional.of(sequence.getValue());
    }

    Optional<String> requiredText(Fields f, String key) {
        if (f.get(key).isEmpty()) {
            error(f.mapping(), f.pathOf(key), "missing required field '" + key + "'");
            return Optional.empty();
        }
        return text(f, key);
    }

    Optional<String> text(Fields f, String key) {
        return scalar(f, key).flatMap(s -> {
            if (s.getValue().isBlank()) {
                error(s, f.pathOf(key), "must not be empty");
                return Optional.empty();
            }
            return Optional.of(s.getValue().strip());
        });
    }

    Optional<Double> requiredNumber(Fields f, String key, double min, double max) {
        if (f.get(key).isEmpty()) {
            error(f.mapping(), f.pathOf(key), "missing required field '" + key + "'");
            return Optional.empty();
        }
        return number(f, key, min, max);
    }

    /** A finite number in [min, max]. */
    Optional<Double> number(Fields f, String key, double min, double max) {
        return scalar(f, key).flatMap(s -> {
            double value;
            try {
                value = Double.parseDouble(numeric(s));
            } catch (NumberFormatException e) {
                error(s, f.pathOf(key), "expected a number, got '" + s.getValue() + "'");
                return Optional.empty();
            }
            return inRange(s, f.pathOf(key), value, min, max) ? Optional.of(value) : Optional.empty();
        });
    }

    /** A whole number in [min, max]. */
    Optional<Long> whole(Fields f, String key, long min, long max) {
        return scalar(f, key).flatMap(s -> {
            long value;
            try {
                value = Long.parseLong(numeric(s));
            } catch (NumberFormatException e) {
                error(s, f.pathOf(key), "expected a whole number, got '" + s.getValue() + "'");
                return Optional.empty();
            }
            return inRange(s, f.pathOf(key), value, min, max) ? Optional.of(value) : Optional.empty();
        });
    }

    /** true or false, written as YAML writes them; "yes", "on" and numbers are refused as ambiguous. */
    Optional<Boolean> bool(Fields f, String key) {
        return scalar(f, key).flatMap(s -> {
            String v = s.getValue().strip();
            if (v.equals("true") || v.equals("false")) {
                return Optional.of(Boolean.parseBoolean(v));
            }
            error(s, f.pathOf(key), "expected true or false, got '" + s.getValue() + "'");
            return Optional.empty();
        });
    }

    private boolean inRange(Node at, String path, double value, double min, double max) {
        if (!Double.isFinite(value)) {
            error(at, path, "must be a finite number");
            return false;
        }
        if (value < min) {
            error(at, path, (min == 0 ? "must not be negative" : "must be at least " + plain(min)) + ", got " + plain(value));
            return false;
        }
        if (value > max) {
            error(at, path, "must be at most " + plain(max) + ", got " + plain(value));
            return false;
        }
        return true;
    }

    private Optional<ScalarNode> scalar(Fields f, String key) {
        Optional<Node> node = f.get(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!(node.get() instanceof ScalarNode s)) {
            error(node.get(), f.pathOf(key), "expected a single value");
            return Optional.empty();
        }
        if (Tag.NULL.equals(s.getTag())) {
            error(s, f.pathOf(key), "has no value (delete the line to use the default)");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** YAML 1.1 allows digit separators in numbers, e.g. 5_000. */
    private static String numeric(ScalarNode s) {
        String v = s.getValue().strip();
        return Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()) ? v.replace("_", "") : v;
    }

    static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }
}
