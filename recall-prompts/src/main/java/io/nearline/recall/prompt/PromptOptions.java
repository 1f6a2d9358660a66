package io.nearline.recall.prompt;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every tunable of behaviour cleaning, prompt layout, token budget and training samples, with its default. Built
 * from a key/value map (job config, command-line {@code --key=value}); an unknown key or a bad value is an error
 * that names the key.
 */
public final class PromptOptions {

    /** How consecutive similar behaviours are recognised for run compression. */
    public enum RunKey { NONE, SID_PREFIX, CATEGORY }

    /** How an object without a semantic ID is rendered. */
    public enum UnknownObject { RAW, UNKNOWN_TOKEN }

    /** One documented option: its key, default and meaning (the README table is checked against this list). */
    public record Spec(String key, String defaultValue, String meaning) {
    }

    public static final List<Spec> SPECS = List.of(
            new Spec("prompt.clean.repeat-window-ms", "1800000",
                    "A repeat of the same action on the same object within this time of the first collapses into it."),
            new Spec("prompt.clean.attribution-window-ms", "86400000",
                    "A conversion merges with a click on the same object at most this long before it."),
            new Spec("prompt.clean.run-key", "SID_PREFIX",
                    "Run compression: NONE, SID_PREFIX (shared semantic-ID prefix) or CATEGORY (same category attribute)."),
            new Spec("prompt.clean.run-sid-prefix-levels", "3", "Semantic-ID levels two objects share to form a run."),
            new Spec("prompt.clean.include-impressions", "false", "Whether impressions are behaviour the prompt shows."),
            new Spec("prompt.category-attributes", "category,content_category",
                    "Event attributes tried in order for a behaviour's category (run key, interest summary); then the catalogue."),
            new Spec("prompt.profile.features", "",
                    "Comma-separated profile attributes to render, in order; empty renders all in key order."),
            new Spec("prompt.render.behaviour-features", "",
                    "Comma-separated event attributes rendered as text after each behaviour (one look-up each)."),
            new Spec("prompt.render.unknown-object", "RAW",
                    "Object without semantic ID: RAW renders [obj:ID], UNKNOWN_TOKEN renders <unk>."),
            new Spec("prompt.layout.block-size", "16", "Behaviours frozen into the long-term prefix at once."),
            new Spec("prompt.layout.recent-max", "32",
                    "A domain's recent part freezes its oldest block when it holds more than this many behaviours."),
            new Spec("prompt.budget.max-tokens", "512", "Token budget of a prompt; 0 means no budget."),
            new Spec("prompt.budget.low-water", "0.75",
                    "When over budget, cut down to this share of the budget so cuts (which rebuild the prefix) are rare."),
            new Spec("prompt.budget.keep-newest", "8", "Newest behaviours per domain a cut never removes."),
            new Spec("prompt.state.max-entries", "512", "Hard cap on behaviours kept per user, budget or not."),
            new Spec("prompt.summary.top-categories", "5", "Categories named in the interest summary."),
            new Spec("prompt.summary.top-prefixes", "3", "Semantic-ID prefixes named in the interest summary."),
            new Spec("prompt.summary.prefix-levels", "2", "Levels of the semantic-ID prefixes the summary counts."),
            new Spec("prompt.summary.max-tracked", "64", "Counters kept per summary kind; at twice this many, all but the largest this many are dropped."),
            new Spec("prompt.template", "templates/recall-v1.properties", "Classpath resource of the prompt template."),
            new Spec("prompt.tokenizer", "",
                    "tokenizer.json of the serving model (or its checkpoint folder): the budget counts its tokens; empty uses the estimate."),
            new Spec("sample.last-n", "5", "Responses per active user that become separate SFT samples."),
            new Spec("sample.active-min-responses", "10", "Responses a user needs to count as active; others give 1."),
            new Spec("sample.dpo-min-ecpm-ratio", "2.0",
                    "DPO pair only when chosen eCPM is at least this multiple of the rejected one."));

    private static final Set<String> KEYS = Set.copyOf(SPECS.stream().map(Spec::key).toList());

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

    private final Map<String, String> values;

    private PromptOptions(Map<String, String> values) {
        this.values = values;
        repeatWindowMs = nonNegativeLong("prompt.clean.repeat-window-ms");
        attributionWindowMs = nonNegativeLong("prompt.clean.attribution-window-ms");
        runKey = enumValue("prompt.clean.run-key", RunKey.class);
        runSidPrefixLevels = positiveInt("prompt.clean.run-sid-prefix-levels");
        includeImpressions = bool("prompt.clean.include-impressions");
        categoryAttributes = list("prompt.category-attributes");
        profileFeatures = list("prompt.profile.features");
        behaviourFeatures = list("prompt.render.behaviour-features");
        unknownObject = enumValue("prompt.render.unknown-object", UnknownObject.class);
        blockSize = positiveInt("prompt.layout.block-size");
        recentMax = positiveInt("prompt.layout.recent-max");
        maxTokens = nonNegativeInt("prompt.budget.max-tokens");
        lowWater = fraction("prompt.budget.low-water");
        keepNewest = nonNegativeInt("prompt.budget.keep-newest");
        maxEntries = positiveInt("prompt.state.max-entries");
        summaryTopCategories = nonNegativeInt("prompt.summary.top-categories");
        summaryTopPrefixes = nonNegativeInt("prompt.summary.top-prefixes");
        summaryPrefixLevels = positiveInt("prompt.summary.prefix-levels");
        summaryMaxTracked = positiveInt("prompt.summary.max-tracked");
        template = values.get("prompt.template");
        tokenizer = values.get("prompt.tokenizer");
        sampleLastN = positiveInt("sample.last-n");
        sampleActiveMinResponses = positiveInt("sample.active-min-responses");
        sampleDpoMinEcpmRatio = Double.parseDouble(number("sample.dpo-min-ecpm-ratio"));
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
        Map<String, String> merged = new LinkedHashMap<>();
        SPECS.forEach(s -> merged.put(s.key(), s.defaultValue()));
        overrides.forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown option " + k + "; known: " + merged.keySet());
            }
            merged.put(k, v.trim());
        });
        return new PromptOptions(merged);
    }

    /** A copy with one option changed. */
    public PromptOptions with(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(key, value);
        return of(changed);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    private String number(String key) {
        String v = values.get(key);
        try {
            Double.parseDouble(v);
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    private long nonNegativeLong(String key) {
        String v = values.get(key);
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw bad(key, v, "a whole number >= 0");
    }

    private int nonNegativeInt(String key) {
        long n = nonNegativeLong(key);
        if (n > Integer.MAX_VALUE) {
            throw bad(key, values.get(key), "at most " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    private int positiveInt(String key) {
        int n = nonNegativeInt(key);
        if (n == 0) {
            throw bad(key, values.get(key), "a whole number >= 1");
        }
        return n;
    }

    private double fraction(String key) {
        double d = Double.parseDouble(number(key));
        if (d <= 0 || d > 1) {
            throw bad(key, values.get(key), "a number in (0, 1]");
        }
        return d;
    }

    private boolean bool(String key) {
        String v = values.get(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw bad(key, v, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String v = values.get(key);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private List<String> list(String key) {
        String v = values.get(key);
        return v.isBlank() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("option " + key + "=" + value + ": expected " + expected);
    }
}
