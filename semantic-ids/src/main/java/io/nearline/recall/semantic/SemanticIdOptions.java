package io.nearline.recall.semantic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every tunable of the semantic-ID module, each with a key, a default and a meaning. */
public final class SemanticIdOptions {

    /** One documented option; the README's table lists exactly these. */
    public record Option(String key, String defaultValue, String description) {}

    public static final Option LEVELS = new Option("quantiser.levels", "4",
            "Levels of residual quantisation (codes in an ID before any collision code).");
    public static final Option CODES = new Option("quantiser.codes", "256",
            "Codebook size per level.");
    public static final Option ITERATIONS = new Option("quantiser.iterations", "25",
            "Most Lloyd iterations of k-means per level (stops earlier when assignments settle).");
    public static final Option MAX_LOAD = new Option("quantiser.max-load", "2.0",
            "Balanced assignment: a code takes at most max-load x (vectors / codes) vectors; 0 turns balancing off.");
    public static final Option SEED = new Option("quantiser.seed", "42",
            "Seed of k-means++ initialisation; the same seed and vectors give the same codebook.");
    public static final Option ALWAYS_SUFFIX = new Option("collision.always-suffix", "false",
            "false: only the 2nd, 3rd... object with the same codes gets an extra code (Tencent); "
                    + "true: every ID gets one, starting at 0, so no ID is a prefix of another (TIGER).");
    public static final Option MAX_COLLISION_CODES = new Option("collision.max-codes", "256",
            "How many objects may share the same codes (size of the extra level).");
    public static final Option TEXT_KEYS = new Option("text.keys", "title,category,genres,brand,industry",
            "Keys of MarketingObject.text (then .attributes) embedded, in this order.");
    public static final Option BEHAVIOUR_WINDOW = new Option("behaviour.window", "5",
            "Co-occurrence window (items either side) in user sequences for behaviour vectors.");
    public static final Option BEHAVIOUR_DIMENSIONS = new Option("behaviour.dimensions", "64",
            "Dimensions of behaviour vectors (rank of the truncated SVD of the PPMI matrix).");
    public static final Option BEHAVIOUR_SEED = new Option("behaviour.seed", "7",
            "Seed of the randomised SVD behind behaviour vectors.");
    public static final Option DIVERSITY_PREFIX = new Option("diversity.prefix-length", "2",
            "Prefix length (levels) whose objects the diversity limit counts together.");
    public static final Option DIVERSITY_PER_PREFIX = new Option("diversity.per-prefix", "3",
            "Most objects per prefix in a recall list; 0 means no limit.");
    public static final Option DIVERSITY_MAX_RESULTS = new Option("diversity.max-results", "300",
            "Most objects in a recall list.");

    private static final List<Option> ALL = List.of(LEVELS, CODES, ITERATIONS, MAX_LOAD, SEED,
            ALWAYS_SUFFIX, MAX_COLLISION_CODES, TEXT_KEYS, BEHAVIOUR_WINDOW, BEHAVIOUR_DIMENSIONS,
            BEHAVIOUR_SEED, DIVERSITY_PREFIX, DIVERSITY_PER_PREFIX, DIVERSITY_MAX_RESULTS);

    private final Map<String, String> values;

    private SemanticIdOptions(Map<String, String> values) {
        this.values = values;
    }

    public static List<Option> all() {
        return ALL;
    }

    public static SemanticIdOptions defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : ALL) {
            values.put(option.key(), option.defaultValue());
        }
        return new SemanticIdOptions(values);
    }

    /** Defaults overridden by the given keys; an unknown key or a bad value is refused by name. */
    public static SemanticIdOptions of(Map<String, String> overrides) {
        SemanticIdOptions options = defaults();
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            options = options.with(entry.getKey(), entry.getValue());
        }
        return options;
    }

    public SemanticIdOptions with(String key, String value) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("unknown option '" + key + "'; known: " + values.keySet());
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value.trim());
        SemanticIdOptions options = new SemanticIdOptions(copy);
        options.validate();
        return options;
    }

    private void validate() {
        requireRange(LEVELS, levels(), 1, 25);
        requireRange(CODES, codes(), 2, 1 << 16);
        requireRange(ITERATIONS, iterations(), 1, 10_000);
        requireRange(MAX_COLLISION_CODES, maxCollisionCodes(), 1, 1 << 20);
        requireRange(BEHAVIOUR_WINDOW, behaviourWindow(), 1, 1000);
        requireRange(BEHAVIOUR_DIMENSIONS, behaviourDimensions(), 2, 4096);
        requireRange(DIVERSITY_PREFIX, diversityPrefixLength(), 1, levels() + 1);
        requireRange(DIVERSITY_PER_PREFIX, diversityPerPrefix(), 0, Integer.MAX_VALUE);
        requireRange(DIVERSITY_MAX_RESULTS, diversityMaxResults(), 1, Integer.MAX_VALUE);
        if (maxLoad() != 0 && maxLoad() < 1.0) {
            throw new IllegalArgumentException(MAX_LOAD.key() + " must be 0 (off) or >= 1.0, was " + maxLoad());
        }
        seed();
        behaviourSeed();
        alwaysSuffix();
        if (textKeys().isEmpty()) {
            throw new IllegalArgumentException(TEXT_KEYS.key() + " must name at least one key");
        }
    }

    private static void requireRange(Option option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option.key() + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    private String raw(Option option) {
        return values.get(option.key());
    }

    private int integer(Option option) {
        try {
            return Integer.parseInt(raw(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.key() + " must be an integer, was '" + raw(option) + "'");
        }
    }

    private long longValue(Option option) {
        try {
            return Long.parseLong(raw(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.key() + " must be an integer, was '" + raw(option) + "'");
        }
    }

    public int levels() { return integer(LEVELS); }

    public int codes() { return integer(CODES); }

    public int iterations() { return integer(ITERATIONS); }

    public double maxLoad() {
        try {
            return Double.parseDouble(raw(MAX_LOAD));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_LOAD.key() + " must be a number, was '" + raw(MAX_LOAD) + "'");
        }
    }

    public long seed() { return longValue(SEED); }

    public boolean alwaysSuffix() {
        String value = raw(ALWAYS_SUFFIX);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(ALWAYS_SUFFIX.key() + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public int maxCollisionCodes() { return integer(MAX_COLLISION_CODES); }

    public List<String> textKeys() {
        return java.util.Arrays.stream(raw(TEXT_KEYS).split(","))
                .map(String::trim).filter(key -> !key.isEmpty()).toList();
    }

    public int behaviourWindow() { return integer(BEHAVIOUR_WINDOW); }

    public int behaviourDimensions() { return integer(BEHAVIOUR_DIMENSIONS); }

    public long behaviourSeed() { return longValue(BEHAVIOUR_SEED); }

    public int diversityPrefixLength() { return integer(DIVERSITY_PREFIX); }

    public int diversityPerPrefix() { return integer(DIVERSITY_PER_PREFIX); }

    public int diversityMaxResults() { return integer(DIVERSITY_MAX_RESULTS); }

    /** The format of rendered IDs these options imply. */
    public IdFormat idFormat() {
        return new IdFormat(levels(), codes(), maxCollisionCodes());
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
