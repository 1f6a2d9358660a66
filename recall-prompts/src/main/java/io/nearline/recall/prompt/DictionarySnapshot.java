package io.nearline.recall.prompt;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An immutable set of feature-value-to-text mappings with one version; swapped whole while running. */
public final class DictionarySnapshot {

    private final String version;
    private final Map<String, Map<String, String>> texts;

    /** {@code texts} maps feature to (raw value to text); it is copied. */
    public DictionarySnapshot(String version, Map<String, Map<String, String>> texts) {
        this.version = version;
        Map<String, Map<String, String>> copy = new HashMap<>();
        texts.forEach((feature, values) -> copy.put(feature, Map.copyOf(values)));
        this.texts = Map.copyOf(copy);
    }

    public static DictionarySnapshot empty() {
        return new DictionarySnapshot("none", Map.of());
    }

    public String version() {
        return version;
    }

    public Optional<String> text(String feature, String value) {
        Map<String, String> values = texts.get(feature);
        return values == null ? Optional.empty() : Optional.ofNullable(values.get(value));
    }

    /** Number of (feature, value) pairs. */
    public int size() {
        return texts.values().stream().mapToInt(Map::size).sum();
    }
}
