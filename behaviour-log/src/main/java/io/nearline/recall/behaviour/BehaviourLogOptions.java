package io.nearline.recall.behaviour;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Immutable settings of a behaviour log: the seed, the generator's world and funnel, and an optional time rebase.
 * Each {@code withX} validates the whole set, so lower {@code categories} before {@code objects} (or use the builder).
 */
public final class BehaviourLogOptions {

    public static final ConfigOption<Long> SEED = ConfigOptions.key("seed").longType().defaultValue(42L)
            .withDescription("Seed of every random draw (generator world and events, derived ARPU, Beauty time synthesis).");
    public static final ConfigOption<Integer> USERS = ConfigOptions.key("users").intType().defaultValue(2000)
            .withDescription("Generator: number of users.");
    public static final ConfigOption<Integer> OBJECTS = ConfigOptions.key("objects").intType().defaultValue(5000)
            .withDescription("Generator: number of marketing objects (and of content items).");
    public static final ConfigOption<Integer> CATEGORIES = ConfigOptions.key("categories").intType().defaultValue(50)
            .withDescription("Generator: number of categories objects and content items fall into.");
    public static final ConfigOption<Long> EVENTS = ConfigOptions.key("events").longType().defaultValue(200_000L)
            .withDescription("Generator: total events to produce.");
    public static final ConfigOption<Duration> SPAN = ConfigOptions.key("span").durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("Generator: time the events roughly cover; sets the session arrival rate.");
    public static final ConfigOption<Double> CLICK_THROUGH_RATE = ConfigOptions.key("clickThroughRate").doubleType()
            .defaultValue(0.04).withDescription("Generator: overall probability that an ad impression is clicked.");
    public static final ConfigOption<Double> CONVERSION_RATE = ConfigOptions.key("conversionRate").doubleType()
            .defaultValue(0.05).withDescription("Generator: probability that a click converts.");
    public static final ConfigOption<Double> REPEAT_CLICK_RATE = ConfigOptions.key("repeatClickRate").doubleType()
            .defaultValue(0.1).withDescription("Generator: probability that a click is repeated within seconds.");
    public static final ConfigOption<Double> CONTENT_VIEW_SHARE = ConfigOptions.key("contentViewShare").doubleType()
            .defaultValue(0.3)
            .withDescription("Generator: share of session steps that are content views rather than ad impressions.");
    public static final ConfigOption<Double> EXPLORATION_RATE = ConfigOptions.key("explorationRate").doubleType()
            .defaultValue(0.15)
            .withDescription("Generator: share of ad impressions outside the user's interest categories.");
    public static final ConfigOption<Double> ITEM_ZIPF_EXPONENT = ConfigOptions.key("itemZipfExponent").doubleType()
            .defaultValue(1.1).withDescription("Generator: Zipf exponent of item popularity within a category.");
    public static final ConfigOption<Double> USER_ACTIVITY_ALPHA = ConfigOptions.key("userActivityAlpha").doubleType()
            .defaultValue(1.5).withDescription("Generator: Pareto shape of user activity (smaller = heavier tail).");
    public static final ConfigOption<String> PROFILE = ConfigOptions.key("profile").stringType()
            .defaultValue("classic")
            .withDescription("Generator: behaviour profile, `classic` (the original generator) or `drifting` (item-to-item "
                    + "successors, interest drift); see GeneratorProfile.");
    public static final ConfigOption<String> REBASE_END_TIME = ConfigOptions.key("rebaseEndTime").stringType()
            .defaultValue("")
            .withDescription("Shift all event, profile and catalogue times by one offset so the last event lands at "
                    + "this instant (ISO-8601); empty keeps original times.");

    /** Every option, in README order. */
    public static final List<ConfigOption<?>> OPTIONS = List.of(SEED, USERS, OBJECTS, CATEGORIES, EVENTS, SPAN,
            CLICK_THROUGH_RATE, CONVERSION_RATE, REPEAT_CLICK_RATE, CONTENT_VIEW_SHARE, EXPLORATION_RATE,
            ITEM_ZIPF_EXPONENT, USER_ACTIVITY_ALPHA, PROFILE, REBASE_END_TIME);

    private final long seed;
    private final int users;
    private final int objects;
    private final int categories;
    private final long events;
    private final Duration span;
    private final double clickThroughRate;
    private final double conversionRate;
    private final double repeatClickRate;
    private final double contentViewShare;
    private final double explorationRate;
    private final double itemZipfExponent;
    private final double userActivityAlpha;
    private final String profile;
    private final Optional<Instant> rebaseEndTime;

    private BehaviourLogOptions(Builder b) {
        this.seed = b.seed;
        this.users = requireAtLeast(USERS, b.users, 1);
        this.objects = requireAtLeast(OBJECTS, b.objects, 1);
        this.categories = requireAtLeast(CATEGORIES, b.categories, 1);
        if (categories > objects) {
            throw new IllegalArgumentException("categories (" + categories + ") must not exceed objects (" + objects + ")");
        }
        if (b.events < 0) {
            throw new IllegalArgumentException("events must be >= 0, got " + b.events);
        }
        this.events = b.events;
        this.span = Objects.requireNonNull(b.span, "span");
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("span must be positive, got " + span);
        }
        this.clickThroughRate = requireProbability(CLICK_THROUGH_RATE, b.clickThroughRate);
        this.conversionRate = requireProbability(CONVERSION_RATE, b.conversionRate);
        this.repeatClickRate = requireProbability(REPEAT_CLICK_RATE, b.repeatClickRate);
        this.contentViewShare = requireProbability(CONTENT_VIEW_SHARE, b.contentViewShare);
        this.explorationRate = requireProbability(EXPLORATION_RATE, b.explorationRate);
        this.itemZipfExponent = requirePositive(ITEM_ZIPF_EXPONENT, b.itemZipfExponent);
        this.userActivityAlpha = requirePositive(USER_ACTIVITY_ALPHA, b.userActivityAlpha);
        this.profile = GeneratorProfile.named(b.profile).name();
        this.rebaseEndTime = Objects.requireNonNull(b.rebaseEndTime, "rebaseEndTime");
    }

    /** The defaults of every option. */
    public static BehaviourLogOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.users = users;
        b.objects = objects;
        b.categories = categories;
        b.events = events;
        b.span = span;
        b.clickThroughRate = clickThroughRate;
        b.conversionRate = conversionRate;
        b.repeatClickRate = repeatClickRate;
        b.contentViewShare = contentViewShare;
        b.explorationRate = explorationRate;
        b.itemZipfExponent = itemZipfExponent;
        b.userActivityAlpha = userActivityAlpha;
        b.profile = profile;
        b.rebaseEndTime = rebaseEndTime;
        return b;
    }

    public BehaviourLogOptions withSeed(long value) {
        return toBuilder().seed(value).build();
    }

    public BehaviourLogOptions withUsers(int value) {
        return toBuilder().users(value).build();
    }

    public BehaviourLogOptions withObjects(int value) {
        return toBuilder().objects(value).build();
    }

    public BehaviourLogOptions withCategories(int value) {
        return toBuilder().categories(value).build();
    }

    public BehaviourLogOptions withEvents(long value) {
        return toBuilder().events(value).build();
    }

    public BehaviourLogOptions withProfile(String value) {
        return toBuilder().profile(value).build();
    }

    public BehaviourLogOptions withRebaseEndTime(Instant value) {
        return toBuilder().rebaseEndTime(value).build();
    }

    public long seed() {
        return seed;
    }

    public int users() {
        return users;
    }

    public int objects() {
        return objects;
    }

    public int categories() {
        return categories;
    }

    public long events() {
        return events;
    }

    public Duration span() {
        return span;
    }

    public double clickThroughRate() {
        return clickThroughRate;
    }

    public double conversionRate() {
        return conversionRate;
    }

    public double repeatClickRate() {
        return repeatClickRate;
    }

    public double contentViewShare() {
        return contentViewShare;
    }

    public double explorationRate() {
        return explorationRate;
    }

    public double itemZipfExponent() {
        return itemZipfExponent;
    }

    public double userActivityAlpha() {
        return userActivityAlpha;
    }

    /** The generator's profile name, one of {@link GeneratorProfile#NAMED}. */
    public String profile() {
        return profile;
    }

    public Optional<Instant> rebaseEndTime() {
        return rebaseEndTime;
    }

    @Override
    public String toString() {
        return "BehaviourLogOptions{seed=" + seed + ", users=" + users + ", objects=" + objects
                + ", categories=" + categories + ", events=" + events + ", span=" + span
                + ", clickThroughRate=" + clickThroughRate + ", conversionRate=" + conversionRate
                + ", repeatClickRate=" + repeatClickRate + ", contentViewShare=" + contentViewShare
                + ", explorationRate=" + explorationRate + ", itemZipfExponent=" + itemZipfExponent
                + ", userActivityAlpha=" + userActivityAlpha + ", profile=" + profile + ", rebaseEndTime=" + rebaseEndTime + '}';
    }

    private static int requireAtLeast(ConfigOption<Integer> option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option.key() + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    private static double requireProbability(ConfigOption<Double> option, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(option.key() + " must be in [0, 1], got " + value);
        }
        return value;
    }

    private static double requirePositive(ConfigOption<Double> option, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option.key() + " must be a positive finite number, got " + value);
        }
        return value;
    }

    /** Mutable builder; {@link #build()} validates every value. */
    public static final class Builder {
        private long seed = SEED.defaultValue();
        private int users = USERS.defaultValue();
        private int objects = OBJECTS.defaultValue();
        private int categories = CATEGORIES.defaultValue();
        private long events = EVENTS.defaultValue();
        private Duration span = SPAN.defaultValue();
        private double clickThroughRate = CLICK_THROUGH_RATE.defaultValue();
        private double conversionRate = CONVERSION_RATE.defaultValue();
        private double repeatClickRate = REPEAT_CLICK_RATE.defaultValue();
        private double contentViewShare = CONTENT_VIEW_SHARE.defaultValue();
        private double explorationRate = EXPLORATION_RATE.defaultValue();
        private double itemZipfExponent = ITEM_ZIPF_EXPONENT.defaultValue();
        private double userActivityAlpha = USER_ACTIVITY_ALPHA.defaultValue();
        private String profile = PROFILE.defaultValue();
        private Optional<Instant> rebaseEndTime = Optional.empty();

        private Builder() {
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder users(int value) {
            users = value;
            return this;
        }

        public Builder objects(int value) {
            objects = value;
            return this;
        }

        public Builder categories(int value) {
            categories = value;
            return this;
        }

        public Builder events(long value) {
            events = value;
            return this;
        }

        public Builder span(Duration value) {
            span = value;
            return this;
        }

        public Builder clickThroughRate(double value) {
            clickThroughRate = value;
            return this;
        }

        public Builder conversionRate(double value) {
            conversionRate = value;
            return this;
        }

        public Builder repeatClickRate(double value) {
            repeatClickRate = value;
            return this;
        }

        public Builder contentViewShare(double value) {
            contentViewShare = value;
            return this;
        }

        public Builder explorationRate(double value) {
            explorationRate = value;
            return this;
        }

        public Builder itemZipfExponent(double value) {
            itemZipfExponent = value;
            return this;
        }

        public Builder userActivityAlpha(double value) {
            userActivityAlpha = value;
            return this;
        }

        /** {@code classic} or {@code drifting}. */
        public Builder profile(String value) {
            profile = value;
            return this;
        }

        /** The instant the last event should land at; null clears the rebase. */
        public Builder rebaseEndTime(Instant value) {
            rebaseEndTime = Optional.ofNullable(value);
            return this;
        }

        public BehaviourLogOptions build() {
            return new BehaviourLogOptions(this);
        }
    }
}
