package io.nearline.recall.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every tunable of the recall model, its training and its offline evaluation: key, default, meaning. */
public final class RecallModelOptions {

    /** One documented option; the README's table lists exactly these (a test checks it). */
    public record Option(String key, String defaultValue, String description) {}

    public static final Option MODEL_VERSION = new Option("model.version", "1",
            "Version written into the model file; the server reports it as the model's version.");
    public static final Option TRAIN_EVENTS = new Option("train.events", "positive",
            "Behaviour a training sequence holds: positive (ad clicks and conversions) or all (every ad-domain event).");
    public static final Option WINDOW = new Option("transitions.window", "5",
            "A training item counts as a transition to each of the next `window` items of its sequence.");
    public static final Option DISTANCE_POWER = new Option("transitions.distance-power", "1.0",
            "A transition d steps ahead weighs 1/d^power.");
    public static final Option BACKWARD_WEIGHT = new Option("transitions.backward-weight", "0.1",
            "Weight of the reverse direction (later item to earlier) relative to forward transitions.");
    public static final Option MAX_PER_ITEM = new Option("transitions.max-per-item", "500",
            "Most successors kept per item (the heaviest); bounds model size and request cost. 0 keeps all.");
    public static final Option HISTORY_LENGTH = new Option("history.length", "5",
            "Most recent items of the prompt the prediction conditions on.");
    public static final Option HISTORY_DECAY = new Option("history.decay", "0.3",
            "Recency weighting: the k-th most recent item weighs decay^(k-1).");
    public static final Option POPULARITY_MIX = new Option("popularity.mix", "0.01",
            "Share of the next-item probability from popularity (back-off); 1.0 makes the popularity baseline.");
    public static final Option POPULARITY_SMOOTHING = new Option("popularity.smoothing", "1.0",
            "Pseudo-count added to every item's popularity, so unseen and new items keep a small probability.");
    public static final Option ITEM_LABELS = new Option("prompt.item-labels", "Earlier ads:,Recent ads:",
            "Prompt lines (by leading label) whose semantic IDs are the user's items, oldest first; "
                    + "a prompt with none of these labels is read whole.");
    public static final Option BEAM_WIDTH = new Option("evaluation.beam-width", "50",
            "Beam width of the constrained beam search in offline evaluation (at least the largest cutoff).");
    public static final Option CUTOFFS = new Option("evaluation.cutoffs", "5,10",
            "K of HR@K and NDCG@K in offline evaluation.");

    private static final List<Option> ALL = List.of(MODEL_VERSION, TRAIN_EVENTS, WINDOW, DISTANCE_POWER,
            BACKWARD_WEIGHT, MAX_PER_ITEM, HISTORY_LENGTH, HISTORY_DECAY, POPULARITY_MIX, POPULARITY_SMOOTHING,
            ITEM_LABELS, BEAM_WIDTH, CUTOFFS);

    private final Map<String, String> values;

    private RecallModelOptions(Map<String, String> values) {
        this.values = values;
    }

    public static List<Option> all() {
        return ALL;
    }

    public static RecallModelOptions defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : ALL) {
            values.put(option.key(), option.defaultValue());
        }
        return new RecallModelOptions(values);
    }

    /** Defaults overridden by the given keys; an unknown key or a bad value is an IllegalArgumentException naming it. */
    public static RecallModelOptions of(Map<String, String> overrides) {
        RecallModelOptions options = defaults();
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            options = options.with(entry.getKey(), entry.getValue());
        }
        return options;
    }

    public RecallModelOptions with(String key, String value) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("unknown option '" + key + "'; known: " + values.keySet());
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value.trim());
        RecallModelOptions options = new RecallModelOptions(copy);
        options.validate();
        return options;
    }

    private void validate() {
        if (modelVersion().isEmpty() || modelVersion().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(MODEL_VERSION.key() + " must be non-empty without spaces, was '"
                    + modelVersion() + "'");
        }
        trainOnAllEvents();
        requireRange(WINDOW, window(), 1, 1000);
        requireRange(DISTANCE_POWER, distancePower(), 0, 10);
        requireRange(BACKWARD_WEIGHT, backwardWeight(), 0, 100);
        requireRange(MAX_PER_ITEM, maxPerItem(), 0, Integer.MAX_VALUE);
        requireRange(HISTORY_LENGTH, historyLength(), 1, 10_000);
        requireRange(HISTORY_DECAY, historyDecay(), 0, 1);
        requireRange(POPULARITY_MIX, popularityMix(), 0, 1);
        if (popularitySmoothing() <= 0 || popularitySmoothing() > 1e6) {
            throw new IllegalArgumentException(POPULARITY_SMOOTHING.key() + " must be in (0, 1e6], was "
                    + popularitySmoothing());
        }
        if (itemLabels().isEmpty()) {
            throw new IllegalArgumentException(ITEM_LABELS.key() + " must name at least one label");
        }
        requireRange(BEAM_WIDTH, beamWidth(), 1, 100_000);
        for (int k : cutoffs()) {
            requireRange(CUTOFFS, k, 1, 100_000);
        }
        if (beamWidth() < cutoffs()[cutoffs().length - 1]) {
            throw new IllegalArgumentException(BEAM_WIDTH.key() + " (" + beamWidth()
                    + ") must be at least the largest cutoff (" + cutoffs()[cutoffs().length - 1] + ")");
        }
    }

    private static void requireRange(Option option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
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

    private double number(Option option) {
        try {
            return Double.parseDouble(raw(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.key() + " must be a number, was '" + raw(option) + "'");
        }
    }

    public String modelVersion() { return raw(MODEL_VERSION); }

    /** True for every ad-domain event, false for clicks and conversions only. */
    public boolean trainOnAllEvents() {
        return switch (raw(TRAIN_EVENTS)) {
            case "all" -> true;
            case "positive" -> false;
            default -> throw new IllegalArgumentException(TRAIN_EVENTS.key() + " must be positive or all, was '"
                    + raw(TRAIN_EVENTS) + "'");
        };
    }

    public int window() { return integer(WINDOW); }

    public double distancePower() { return number(DISTANCE_POWER); }

    public double backwardWeight() { return number(BACKWARD_WEIGHT); }

    public int maxPerItem() { return integer(MAX_PER_ITEM); }

    public int historyLength() { return integer(HISTORY_LENGTH); }

    public double historyDecay() { return number(HISTORY_DECAY); }

    public double popularityMix() { return number(POPULARITY_MIX); }

    public double popularitySmoothing() { return number(POPULARITY_SMOOTHING); }

    public List<String> itemLabels() {
        return Arrays.stream(raw(ITEM_LABELS).split(",")).map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    public int beamWidth() { return integer(BEAM_WIDTH); }

    /** Ascending, distinct. */
    public int[] cutoffs() {
        try {
            int[] cutoffs = Arrays.stream(raw(CUTOFFS).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).sorted().distinct().toArray();
            if (cutoffs.length == 0) {
                throw new IllegalArgumentException(CUTOFFS.key() + " must name at least one K");
            }
            return cutoffs;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CUTOFFS.key() + " must be comma-separated integers, was '"
                    + raw(CUTOFFS) + "'");
        }
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
