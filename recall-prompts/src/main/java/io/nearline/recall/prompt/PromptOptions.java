package io.nearline.recall.prompt;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.config.OptionValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every tunable of behaviour cleaning, prompt layout, token budget and training samples, each a documented option
 * with a type and a default. Built from a key/value map (job config, command-line {@code --key=value}); an unknown
 * key or a bad value is an error that names the key.
 */
public final class PromptOptions {

    /** How consecutive similar behaviours are recognised for run compression. */
    public enum RunKey { NONE, SID_PREFIX, CATEGORY }

    /** How an object without a semantic ID is rendered. */
    public enum UnknownObject { RAW, UNKNOWN_TOKEN }

    public static final ConfigOption<Duration> REPEAT_WINDOW = ConfigOptions.key("prompt.clean.repeat-window")
            .durationType().defaultValue(Duration.ofMinutes(30)).withDeprecatedKeys("prompt.clean.repeat-window-ms")
            .withDescription("A repeat of the same action on the same object within this time of the first "
                    + "collapses into it.");
    public static final ConfigOption<Duration> ATTRIBUTION_WINDOW = ConfigOptions.key("prompt.clean.attribution-window")
            .durationType().defaultValue(Duration.ofDays(1)).withDeprecatedKeys("prompt.clean.attribution-window-ms")
            .withDescription("A conversion merges with a click on the same object at most this long before it.");
    public static final ConfigOption<RunKey> RUN_KEY = ConfigOptions.key("prompt.clean.run-key")
            .enumType(RunKey.class).defaultValue(RunKey.SID_PREFIX)
            .withDescription("Run compression: NONE, SID_PREFIX (shared semantic-ID prefix) or CATEGORY (same "
                    + "category attribute).");
    public static final ConfigOption<Integer> RUN_SID_PREFIX_LEVELS = ConfigOptions
            .key("prompt.clean.run-sid-prefix-levels").intType().defaultValue(3)
            .withDescription("Semantic-ID levels two objects share to form a run.");
    public static final ConfigOption<Boolean> INCLUDE_IMPRESSIONS = ConfigOptions
            .key("prompt.clean.include-impressions").booleanType().defaultValue(false)
            .withDescription("Whether impressions are behaviour the prompt shows.");
    public static final ConfigOption<String> CATEGORY_ATTRIBUTES = ConfigOptions.key("prompt.category-attributes")
            .stringType().defaultValue("category,content_category")
            .withDescription("Event attributes tried in order for a behaviour's category (run key, interest "
                    + "summary); then the catalogue.");
    public static final ConfigOption<String> PROFILE_FEATURES = ConfigOptions.key("prompt.profile.features")
            .stringType().defaultValue("")
            .withDescription("Comma-separated profile attributes to render, in order; empty renders all in key order.");
    public static final ConfigOption<String> BEHAVIOUR_FEATURES = ConfigOptions.key("prompt.render.behaviour-features")
            .stringType().defaultValue("")
            .withDescription("Comma-separated event attributes rendered as text after each behaviour (one look-up "
                    + "each).");
    public static final ConfigOption<UnknownObject> UNKNOWN_OBJECT = ConfigOptions.key("prompt.render.unknown-object")
            .enumType(UnknownObject.class).defaultValue(UnknownObject.RAW)
            .withDescription("Object without semantic ID: RAW renders [obj:ID], UNKNOWN_TOKEN renders <unk>.");
    public static final ConfigOption<Integer> BLOCK_SIZE = ConfigOptions.key("prompt.layout.block-size").intType()
            .defaultValue(16).withDescription("Behaviours frozen into the long-term prefix at once.");
    public static final ConfigOption<Integer> RECENT_MAX = ConfigOptions.key("prompt.layout.recent-max").intType()
            .defaultValue(32)
            .withDescription("A domain's recent part freezes its oldest block when it holds more than this many "
                    + "behaviours.");
    public static final ConfigOption<Integer> MAX_TOKENS = ConfigOptions.key("prompt.budget.max-tokens").intType()
            .defaultValue(512).withDescription("Token budget of a prompt; 0 means no budget.");
    public static final ConfigOption<Double> LOW_WATER = ConfigOptions.key("prompt.budget.low-water").doubleType()
            .defaultValue(0.75)
            .withDescription("When over budget, cut down to this share of the budget so cuts (which rebuild the "
                    + "prefix) are rare.");
    public static final ConfigOption<Integer> KEEP_NEWEST = ConfigOptions.key("prompt.budget.keep-newest").intType()
            .defaultValue(8).withDescription("Newest behaviours per domain a cut never removes.");
    public static final ConfigOption<Integer> MAX_ENTRIES = ConfigOptions.key("prompt.state.max-entries").intType()
            .defaultValue(512).withDescription("Hard cap on behaviours kept per user, budget or not.");
    public static final ConfigOption<Integer> SUMMARY_TOP_CATEGORIES = ConfigOptions
            .key("prompt.summary.top-categories").intType().defaultValue(5)
            .withDescription("Categories named in the interest summary.");
    public static final ConfigOption<Integer> SUMMARY_TOP_PREFIXES = ConfigOptions.key("prompt.summary.top-prefixes")
            .intType().defaultValue(3).withDescription("Semantic-ID prefixes named in the interest summary.");
    public static final ConfigOption<Integer> SUMMARY_PREFIX_LEVELS = ConfigOptions
            .key("prompt.summary.prefix-levels").intType().defaultValue(2)
            .withDescription("Levels of the semantic-ID prefixes the summary counts.");
    public static final ConfigOption<Integer> SUMMARY_MAX_TRACKED = ConfigOptions.key("prompt.summary.max-tracked")
            .intType().defaultValue(64)
            .withDescription("Counters kept per summary kind; at twice this many, all but the largest this many "
                    + "are dropped.");
    public static final ConfigOption<String> TEMPLATE = ConfigOptions.key("prompt.template").stringType()
            .defaultValue("templates/recall-v1.properties")
            .withDescription("Classpath resource of the prompt template.");
    public static final ConfigOption<String> TOKENIZER = ConfigOptions.key("prompt.tokenizer").stringType()
            .defaultValue("")
            .withDescription("tokenizer.json of the serving model (or its checkpoint folder): the budget counts its "
                    + "tokens; empty uses the estimate.");
    public static final ConfigOption<Integer> SAMPLE_LAST_N = ConfigOptions.key("sample.last-n").intType()
            .defaultValue(5).withDescription("Responses per active user that become separate SFT samples.");
    public static final ConfigOption<Integer> SAMPLE_ACTIVE_MIN_RESPONSES = ConfigOptions
            .key("sample.active-min-responses").intType().defaultValue(10)
            .withDescription("Responses a user needs to count as active; others give 1.");
    public static final ConfigOption<Double> SAMPLE_DPO_MIN_ECPM_RATIO = ConfigOptions
            .key("sample.dpo-min-ecpm-ratio").doubleType().defaultValue(2.0)
            .withDescription("DPO pair only when chosen eCPM is at least this multiple of the rejected one.");

    /** Every option, in README order. */
    public static final List<ConfigOption<?>> ALL = List.of(REPEAT_WINDOW, ATTRIBUTION_WINDOW, RUN_KEY,
            RUN_SID_PREFIX_LEVELS, INCLUDE_IMPRESSIONS, CATEGORY_ATTRIBUTES, PROFILE_FEATURES, BEHAVIOUR_FEATURES,
            UNKNOWN_OBJECT, BLOCK_SIZE, RECENT_MAX, MAX_TOKENS, LOW_WATER, KEEP_NEWEST, MAX_ENTRIES,
            SUMMARY_TOP_CATEGORIES, SUMMARY_TOP_PREFIXES, SUMMARY_PREFIX_LEVELS, SUMMARY_MAX_TRACKED, TEMPLATE,
            TOKENIZER, SAMPLE_LAST_N, SAMPLE_ACTIVE_MIN_RESPONSES, SAMPLE_DPO_MIN_ECPM_RATIO);

    public final long repeatWindowMs;
    public final long attributionWindowMs;
    public final RunKey runKey;
    public final int runSidPrefixLevels;
    public final boolean includeImpressions;
    public final List<String> categoryAttributes;
    public final List<String> profileFeatures;
    public final List<String> behaviourFeatures;
    public final UnknownObject unknownObject;
    public final int blockSize;
    public final int recentMax;
    public final int maxTokens;
    public final double lowWater;
    public final int keepNewest;
    public final int maxEntries;
    public final int summaryTopCategories;
    public final int summaryTopPrefixes;
    public final int summaryPrefixLevels;
    public final int summaryMaxTracked;
    public final String template;
    public final String tokenizer;
    public final int sampleLastN;
    public final int sampleActiveMinResponses;
    public final double sampleDpoMinEcpmRatio;

    private final Map<String, String> given;

    /** Reads every key first, then checks each value and the values against each other. */
    private PromptOptions(Map<String, String> given) {
        OptionValues values = OptionValues.of(given, ALL, "prompt.", "sample.");
        this.given = given;
        repeatWindowMs = values.get(REPEAT_WINDOW).toMillis();
        attributionWindowMs = values.get(ATTRIBUTION_WINDOW).toMillis();
        runKey = values.get(RUN_KEY);
        runSidPrefixLevels = values.get(RUN_SID_PREFIX_LEVELS);
        includeImpressions = values.get(INCLUDE_IMPRESSIONS);
        categoryAttributes = values.list(CATEGORY_ATTRIBUTES);
        profileFeatures = values.list(PROFILE_FEATURES);
        behaviourFeatures = values.list(BEHAVIOUR_FEATURES);
        unknownObject = values.get(UNKNOWN_OBJECT);
        blockSize = values.get(BLOCK_SIZE);
        recentMax = values.get(RECENT_MAX);
        maxTokens = values.get(MAX_TOKENS);
        lowWater = values.get(LOW_WATER);
        keepNewest = values.get(KEEP_NEWEST);
        maxEntries = values.get(MAX_ENTRIES);
        summaryTopCategories = values.get(SUMMARY_TOP_CATEGORIES);
        summaryTopPrefixes = values.get(SUMMARY_TOP_PREFIXES);
        summaryPrefixLevels = values.get(SUMMARY_PREFIX_LEVELS);
        summaryMaxTracked = values.get(SUMMARY_MAX_TRACKED);
        template = values.get(TEMPLATE);
        tokenizer = values.get(TOKENIZER);
        sampleLastN = values.get(SAMPLE_LAST_N);
        sampleActiveMinResponses = values.get(SAMPLE_ACTIVE_MIN_RESPONSES);
        sampleDpoMinEcpmRatio = values.get(SAMPLE_DPO_MIN_ECPM_RATIO);
        require(repeatWindowMs >= 0, REPEAT_WINDOW, values.get(REPEAT_WINDOW), "must not be negative");
        require(attributionWindowMs >= 0, ATTRIBUTION_WINDOW, values.get(ATTRIBUTION_WINDOW), "must not be negative");
        for (ConfigOption<Integer> positive : List.of(RUN_SID_PREFIX_LEVELS, BLOCK_SIZE, RECENT_MAX, MAX_ENTRIES,
                SUMMARY_PREFIX_LEVELS, SUMMARY_MAX_TRACKED, SAMPLE_LAST_N, SAMPLE_ACTIVE_MIN_RESPONSES)) {
            require(values.get(positive) >= 1, positive, values.get(positive), "expected a whole number >= 1");
        }
        for (ConfigOption<Integer> nonNegative : List.of(MAX_TOKENS, KEEP_NEWEST, SUMMARY_TOP_CATEGORIES,
                SUMMARY_TOP_PREFIXES)) {
            require(values.get(nonNegative) >= 0, nonNegative, values.get(nonNegative), "expected a whole number >= 0");
        }
        require(lowWater > 0 && lowWater <= 1, LOW_WATER, lowWater, "expected a number in (0, 1]");
        require(!Double.isNaN(sampleDpoMinEcpmRatio), SAMPLE_DPO_MIN_ECPM_RATIO, sampleDpoMinEcpmRatio,
                "expected a number");
        if (recentMax < blockSize) {
            throw new IllegalArgumentException("prompt.layout.recent-max (" + recentMax
                    + ") must be at least prompt.layout.block-size (" + blockSize + ")");
        }
    }

    public static PromptOptions defaults() {
        return of(Map.of());
    }

    /** Defaults overridden by {@code overrides}; throws IllegalArgumentException naming an unknown key or bad value. */
    public static PromptOptions of(Map<String, String> overrides) {
        return new PromptOptions(new LinkedHashMap<>(overrides));
    }

    /** A copy with one option changed (a deprecated {@code -ms} key replaces its option's value). */
    public PromptOptions with(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(given);
        for (ConfigOption<?> option : ALL) {
            option.fallbackKeys().forEach(fallback -> {
                if (fallback.getKey().equals(key) || option.key().equals(key)) {
                    changed.remove(option.key());
                    changed.remove(fallback.getKey());
                }
            });
        }
        changed.put(key, value);
        return of(changed);
    }

    /** Every key with its text, the defaults as a configuration file writes them, overridden by the keys given. */
    public Map<String, String> asMap() {
        Map<String, String> all = OptionValues.defaults(ALL);
        all.putAll(given);
        return Map.copyOf(all);
    }
}
