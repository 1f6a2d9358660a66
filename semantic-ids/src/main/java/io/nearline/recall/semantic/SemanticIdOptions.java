package io.nearline.recall.semantic;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.config.OptionValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Every tunable of the semantic-ID module, each a documented option with a type, a default and a meaning. */
public final class SemanticIdOptions {

    public static final ConfigOption<Integer> LEVELS = ConfigOptions.key("quantiser.levels").intType().defaultValue(4)
            .withDescription("Levels of residual quantisation (codes in an ID before any collision code).");
    public static final ConfigOption<Integer> CODES = ConfigOptions.key("quantiser.codes").intType().defaultValue(256)
            .withDescription("Codebook size per level.");
    public static final ConfigOption<Integer> ITERATIONS = ConfigOptions.key("quantiser.iterations").intType()
            .defaultValue(25)
            .withDescription("Most Lloyd iterations of k-means per level (stops earlier when assignments settle).");
    public static final ConfigOption<Double> MAX_LOAD = ConfigOptions.key("quantiser.max-load").doubleType()
            .defaultValue(2.0)
            .withDescription("Balanced assignment: a code takes at most max-load x (vectors / codes) vectors; "
                    + "0 turns balancing off.");
    public static final ConfigOption<Long> SEED = ConfigOptions.key("quantiser.seed").longType().defaultValue(42L)
            .withDescription("Seed of k-means++ initialisation; the same seed and vectors give the same codebook.");
    public static final ConfigOption<Boolean> ALWAYS_SUFFIX = ConfigOptions.key("collision.always-suffix")
            .booleanType().defaultValue(false)
            .withDescription("false: only the 2nd, 3rd... object with the same codes gets an extra code (Tencent); "
                    + "true: every ID gets one, starting at 0, so no ID is a prefix of another (TIGER).");
    public static final ConfigOption<Integer> MAX_COLLISION_CODES = ConfigOptions.key("collision.max-codes").intType()
            .defaultValue(256).withDescription("How many objects may share the same codes (size of the extra level).");
    public static final ConfigOption<String> TEXT_KEYS = ConfigOptions.key("text.keys").stringType()
            .defaultValue("title,category,genres,brand,industry")
            .withDescription("Keys of MarketingObject.text (then .attributes) embedded, in this order.");
    public static final ConfigOption<Integer> BEHAVIOUR_WINDOW = ConfigOptions.key("behaviour.window").intType()
            .defaultValue(5)
            .withDescription("Co-occurrence window (items either side) in user sequences for behaviour vectors.");
    public static final ConfigOption<Integer> BEHAVIOUR_DIMENSIONS = ConfigOptions.key("behaviour.dimensions")
            .intType().defaultValue(64)
            .withDescription("Dimensions of behaviour vectors (rank of the truncated SVD of the PPMI matrix).");
    public static final ConfigOption<Long> BEHAVIOUR_SEED = ConfigOptions.key("behaviour.seed").longType()
            .defaultValue(7L).withDescription("Seed of the randomised SVD behind behaviour vectors.");
    public static final ConfigOption<Integer> DIVERSITY_PREFIX = ConfigOptions.key("diversity.prefix-length")
            .intType().defaultValue(2)
            .withDescription("Prefix length (levels) whose objects the diversity limit counts together.");
    public static final ConfigOption<Integer> DIVERSITY_PER_PREFIX = ConfigOptions.key("diversity.per-prefix")
            .intType().defaultValue(3).withDescription("Most objects per prefix in a recall list; 0 means no limit.");
    public static final ConfigOption<Integer> DIVERSITY_MAX_RESULTS = ConfigOptions.key("diversity.max-results")
            .intType().defaultValue(300).withDescription("Most objects in a recall list.");

    private static final List<ConfigOption<?>> ALL = List.of(LEVELS, CODES, ITERATIONS, MAX_LOAD, SEED,
            ALWAYS_SUFFIX, MAX_COLLISION_CODES, TEXT_KEYS, BEHAVIOUR_WINDOW, BEHAVIOUR_DIMENSIONS,
            BEHAVIOUR_SEED, DIVERSITY_PREFIX, DIVERSITY_PER_PREFIX, DIVERSITY_MAX_RESULTS);

    private final Map<String, String> text;
    private final int levels;
    private final int codes;
    private final int iterations;
    private final double maxLoad;
    private final long seed;
    private final boolean alwaysSuffix;
    private final int maxCollisionCodes;
    private final List<String> textKeys;
    private final int behaviourWindow;
    private final int behaviourDimensions;
    private final long behaviourSeed;
    private final int diversityPrefixLength;
    private final int diversityPerPrefix;
    private final int diversityMaxResults;

    /** Reads every key first, then checks each value and the values against each other. */
    private SemanticIdOptions(Map<String, String> text) {
        OptionValues values = OptionValues.of(text, ALL, "");
        this.text = text;
        levels = values.get(LEVELS);
        codes = values.get(CODES);
        iterations = values.get(ITERATIONS);
        maxLoad = values.get(MAX_LOAD);
        seed = values.get(SEED);
        alwaysSuffix = values.get(ALWAYS_SUFFIX);
        maxCollisionCodes = values.get(MAX_COLLISION_CODES);
        textKeys = values.list(TEXT_KEYS);
        behaviourWindow = values.get(BEHAVIOUR_WINDOW);
        behaviourDimensions = values.get(BEHAVIOUR_DIMENSIONS);
        behaviourSeed = values.get(BEHAVIOUR_SEED);
        diversityPrefixLength = values.get(DIVERSITY_PREFIX);
        diversityPerPrefix = values.get(DIVERSITY_PER_PREFIX);
        diversityMaxResults = values.get(DIVERSITY_MAX_RESULTS);
        requireRange(LEVELS, levels, 1, 25);
        requireRange(CODES, codes, 2, 1 << 16);
        requireRange(ITERATIONS, iterations, 1, 10_000);
        requireRange(MAX_COLLISION_CODES, maxCollisionCodes, 1, 1 << 20);
        requireRange(BEHAVIOUR_WINDOW, behaviourWindow, 1, 1000);
        requireRange(BEHAVIOUR_DIMENSIONS, behaviourDimensions, 2, 4096);
        requireRange(DIVERSITY_PREFIX, diversityPrefixLength, 1, levels + 1);
        requireRange(DIVERSITY_PER_PREFIX, diversityPerPrefix, 0, Integer.MAX_VALUE);
        requireRange(DIVERSITY_MAX_RESULTS, diversityMaxResults, 1, Integer.MAX_VALUE);
        require(maxLoad == 0 || maxLoad >= 1.0, MAX_LOAD, maxLoad, "must be 0 (off) or >= 1.0");
        require(!textKeys.isEmpty(), TEXT_KEYS, text.get(TEXT_KEYS.key()), "must name at least one key");
    }

    /** Every option, in README order. */
    public static List<ConfigOption<?>> all() {
        return ALL;
    }

    public static SemanticIdOptions defaults() {
        return of(Map.of());
    }

    /** Defaults overridden by the given keys; an unknown key or a bad value is refused by name. */
    public static SemanticIdOptions of(Map<String, String> overrides) {
        OptionValues.of(overrides, ALL, "");
        Map<String, String> text = OptionValues.defaults(ALL);
        overrides.forEach((key, value) -> text.put(key, value.trim()));
        return new SemanticIdOptions(text);
    }

    /** A copy with one option changed. */
    public SemanticIdOptions with(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(text);
        changed.put(key, value);
        return of(changed);
    }

    private static void requireRange(ConfigOption<Integer> option, int value, int min, int max) {
        require(value >= min && value <= max, option, value, "must be in [" + min + ", " + max + "]");
    }

    public int levels() { return levels; }

    public int codes() { return codes; }

    public int iterations() { return iterations; }

    public double maxLoad() { return maxLoad; }

    public long seed() { return seed; }

    public boolean alwaysSuffix() { return alwaysSuffix; }

    public int maxCollisionCodes() { return maxCollisionCodes; }

    public List<String> textKeys() { return textKeys; }

    public int behaviourWindow() { return behaviourWindow; }

    public int behaviourDimensions() { return behaviourDimensions; }

    public long behaviourSeed() { return behaviourSeed; }

    public int diversityPrefixLength() { return diversityPrefixLength; }

    public int diversityPerPrefix() { return diversityPerPrefix; }

    public int diversityMaxResults() { return diversityMaxResults; }

    /** The format of rendered IDs these options imply. */
    public IdFormat idFormat() {
        return new IdFormat(levels, codes, maxCollisionCodes);
    }

    /** Every key with its text, defaults included. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(text);
    }
}
