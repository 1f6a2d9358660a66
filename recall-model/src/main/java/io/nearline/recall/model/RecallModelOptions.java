package io.nearline.recall.model;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.config.OptionValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Every tunable of the recall model, its training and its offline evaluation: key, type, default, meaning. */
public final class RecallModelOptions {

    public static final ConfigOption<String> MODEL_VERSION = ConfigOptions.key("model.version").stringType()
            .defaultValue("1")
            .withDescription("Version written into the model file; the server reports it as the model's version.");
    public static final ConfigOption<String> TRAIN_EVENTS = ConfigOptions.key("train.events").stringType()
            .defaultValue("positive")
            .withDescription("Behaviour a training sequence holds: positive (ad clicks and conversions) or all "
                    + "(every ad-domain event).");
    public static final ConfigOption<Integer> WINDOW = ConfigOptions.key("transitions.window").intType()
            .defaultValue(5)
            .withDescription("A training item counts as a transition to each of the next `window` items of its sequence.");
    public static final ConfigOption<Double> DISTANCE_POWER = ConfigOptions.key("transitions.distance-power")
            .doubleType().defaultValue(1.0).withDescription("A transition d steps ahead weighs 1/d^power.");
    public static final ConfigOption<Double> BACKWARD_WEIGHT = ConfigOptions.key("transitions.backward-weight")
            .doubleType().defaultValue(0.1)
            .withDescription("Weight of the reverse direction (later item to earlier) relative to forward transitions.");
    public static final ConfigOption<Integer> MAX_PER_ITEM = ConfigOptions.key("transitions.max-per-item").intType()
            .defaultValue(500)
            .withDescription("Most successors kept per item (the heaviest); bounds model size and request cost. "
                    + "0 keeps all.");
    public static final ConfigOption<Integer> HISTORY_LENGTH = ConfigOptions.key("history.length").intType()
            .defaultValue(5).withDescription("Most recent items of the prompt the prediction conditions on.");
    public static final ConfigOption<Double> HISTORY_DECAY = ConfigOptions.key("history.decay").doubleType()
            .defaultValue(0.3).withDescription("Recency weighting: the k-th most recent item weighs decay^(k-1).");
    public static final ConfigOption<Double> POPULARITY_MIX = ConfigOptions.key("popularity.mix").doubleType()
            .defaultValue(0.01)
            .withDescription("Share of the next-item probability from popularity (back-off); 1.0 makes the "
                    + "popularity baseline.");
    public static final ConfigOption<Double> POPULARITY_SMOOTHING = ConfigOptions.key("popularity.smoothing")
            .doubleType().defaultValue(1.0)
            .withDescription("Pseudo-count added to every item's popularity, so unseen and new items keep a small "
                    + "probability.");
    public static final ConfigOption<String> ITEM_LABELS = ConfigOptions.key("prompt.item-labels").stringType()
            .defaultValue("Earlier ads:,Recent ads:")
            .withDescription("Prompt lines (by leading label) whose semantic IDs are the user's items, oldest first; "
                    + "a prompt with none of these labels is read whole.");
    public static final ConfigOption<Integer> BEAM_WIDTH = ConfigOptions.key("evaluation.beam-width").intType()
            .defaultValue(50)
            .withDescription("Beam width of the constrained beam search in offline evaluation (at least the largest "
                    + "cutoff).");
    public static final ConfigOption<String> CUTOFFS = ConfigOptions.key("evaluation.cutoffs").stringType()
            .defaultValue("5,10").withDescription("K of HR@K and NDCG@K in offline evaluation.");

    private static final List<ConfigOption<?>> ALL = List.of(MODEL_VERSION, TRAIN_EVENTS, WINDOW, DISTANCE_POWER,
            BACKWARD_WEIGHT, MAX_PER_ITEM, HISTORY_LENGTH, HISTORY_DECAY, POPULARITY_MIX, POPULARITY_SMOOTHING,
            ITEM_LABELS, BEAM_WIDTH, CUTOFFS);

    private final Map<String, String> text;
    private final String modelVersion;
    private final boolean trainOnAllEvents;
    private final int window;
    private final double distancePower;
    private final double backwardWeight;
    private final int maxPerItem;
    private final int historyLength;
    private final double historyDecay;
    private final double popularityMix;
    private final double popularitySmoothing;
    private final List<String> itemLabels;
    private final int beamWidth;
    private final int[] cutoffs;

    /** Reads every key first, then checks each value and the values against each other (beam width and cutoffs). */
    private RecallModelOptions(Map<String, String> text) {
        OptionValues values = OptionValues.of(text, ALL, "");
        this.text = text;
        modelVersion = values.get(MODEL_VERSION);
        trainOnAllEvents = switch (values.get(TRAIN_EVENTS)) {
            case "all" -> true;
            case "positive" -> false;
            default -> throw new IllegalArgumentException(TRAIN_EVENTS.key() + "=" + values.get(TRAIN_EVENTS)
                    + ": must be positive or all");
        };
        window = values.get(WINDOW);
        distancePower = values.get(DISTANCE_POWER);
        backwardWeight = values.get(BACKWARD_WEIGHT);
        maxPerItem = values.get(MAX_PER_ITEM);
        historyLength = values.get(HISTORY_LENGTH);
        historyDecay = values.get(HISTORY_DECAY);
        popularityMix = values.get(POPULARITY_MIX);
        popularitySmoothing = values.get(POPULARITY_SMOOTHING);
        itemLabels = values.list(ITEM_LABELS);
        beamWidth = values.get(BEAM_WIDTH);
        cutoffs = cutoffs(values);
        require(!modelVersion.isEmpty() && modelVersion.chars().noneMatch(Character::isWhitespace), MODEL_VERSION,
                modelVersion, "must be non-empty without spaces");
        requireRange(WINDOW, window, 1, 1000);
        requireRange(DISTANCE_POWER, distancePower, 0, 10);
        requireRange(BACKWARD_WEIGHT, backwardWeight, 0, 100);
        requireRange(MAX_PER_ITEM, maxPerItem, 0, Integer.MAX_VALUE);
        requireRange(HISTORY_LENGTH, historyLength, 1, 10_000);
        requireRange(HISTORY_DECAY, historyDecay, 0, 1);
        requireRange(POPULARITY_MIX, popularityMix, 0, 1);
        require(popularitySmoothing > 0 && popularitySmoothing <= 1e6, POPULARITY_SMOOTHING, popularitySmoothing,
                "must be in (0, 1e6]");
        require(!itemLabels.isEmpty(), ITEM_LABELS, text.get(ITEM_LABELS.key()), "must name at least one label");
        requireRange(BEAM_WIDTH, beamWidth, 1, 100_000);
        for (int k : cutoffs) {
            requireRange(CUTOFFS, k, 1, 100_000);
        }
        int largest = cutoffs[cutoffs.length - 1];
        if (beamWidth < largest) {
            throw new IllegalArgumentException(BEAM_WIDTH.key() + " (" + beamWidth
                    + ") must be at least the largest cutoff (" + largest + ")");
        }
    }

    /** Every option, in README order. */
    public static List<ConfigOption<?>> all() {
        return ALL;
    }

    public static RecallModelOptions defaults() {
        return of(Map.of());
    }

    /** Defaults overridden by the given keys; an unknown key or a bad value is an IllegalArgumentException naming it. */
    public static RecallModelOptions of(Map<String, String> overrides) {
        OptionValues.of(overrides, ALL, "");
        Map<String, String> text = OptionValues.defaults(ALL);
        overrides.forEach((key, value) -> text.put(key, value.trim()));
        return new RecallModelOptions(text);
    }

    /** A copy with one option changed. */
    public RecallModelOptions with(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(text);
        changed.put(key, value);
        return of(changed);
    }

    private static void requireRange(ConfigOption<?> option, double value, double min, double max) {
        require(value >= min && value <= max, option, value, "must be in [" + min + ", " + max + "]");
    }

    /** Ascending, distinct. */
    private static int[] cutoffs(OptionValues values) {
        try {
            int[] cutoffs = values.list(CUTOFFS).stream().mapToInt(Integer::parseInt).sorted().distinct().toArray();
            require(cutoffs.length > 0, CUTOFFS, values.get(CUTOFFS), "must name at least one K");
            return cutoffs;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CUTOFFS.key() + "=" + values.get(CUTOFFS)
                    + ": must be comma-separated integers");
        }
    }

    public String modelVersion() { return modelVersion; }

    /** True for every ad-domain event, false for clicks and conversions only. */
    public boolean trainOnAllEvents() { return trainOnAllEvents; }

    public int window() { return window; }

    public double distancePower() { return distancePower; }

    public double backwardWeight() { return backwardWeight; }

    public int maxPerItem() { return maxPerItem; }

    public int historyLength() { return historyLength; }

    public double historyDecay() { return historyDecay; }

    public double popularityMix() { return popularityMix; }

    public double popularitySmoothing() { return popularitySmoothing; }

    public List<String> itemLabels() { return itemLabels; }

    public int beamWidth() { return beamWidth; }

    /** Ascending, distinct. */
    public int[] cutoffs() { return cutoffs.clone(); }

    /** Every key with its text, defaults included (as the model file records them). */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(text);
    }
}
