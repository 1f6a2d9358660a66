package io.nearline.recall.behaviour;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a behaviour log: the seed, the generator's world and funnel, and an optional time rebase.
 * Each {@code withX} validates the whole set, so lower {@code categories} before {@code objects} (or use the builder).
 */
public final class BehaviourLogOptions {

    /** One documented option: its key, default and meaning (the README table is checked against this list). */
    public record Option(String key, String defaultValue, String meaning) {
    }

    /** Every option, in README order. */
    public static final List<Option> OPTIONS = List.of(
            new Option("seed", "42", "Seed of every random draw (generator world and events, derived ARPU, Beauty time synthesis)."),
            new Option("users", "2000", "Generator: number of users."),
            new Option("objects", "5000", "Generator: number of marketing objects (and of content items)."),
            new Option("categories", "50", "Generator: number of categories objects and content items fall into."),
            new Option("events", "200000", "Generator: total events to produce."),
            new Option("span", "PT168H", "Generator: time the events roughly cover, ISO-8601 (7 days); sets the session arrival rate."),
            new Option("clickThroughRate", "0.04", "Generator: overall probability that an ad impression is clicked."),
            new Option("conversionRate", "0.05", "Generator: probability that a click converts."),
            new Option("repeatClickRate", "0.1", "Generator: probability that a click is repeated within seconds."),
            new Option("contentViewShare", "0.3", "Generator: share of session steps that are content views rather than ad impressions."),
            new Option("explorationRate", "0.15", "Generator: share of ad impressions outside the user's interest categories."),
            new Option("itemZipfExponent", "1.1", "Generator: Zipf exponent of item popularity within a category."),
            new Option("userActivityAlpha", "1.5", "Generator: Pareto shape of user activity (smaller = heavier tail)."),
            new Option("profile", "classic",
                    "Generator: behaviour profile, `classic` (the original generator) or `drifting` (item-to-item successors, interest drift); see GeneratorProfile."),
            new Option("rebaseEndTime", "(empty)",
                    "Shift all event, profile and catalogue times by one offset so the last event lands at this instant; empty keeps original times."));

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
        this.users = requireAtLeast("users", b.users, 1);
        this.objects = requireAtLeast("objects", b.objects, 1);
        this.categories = requireAtLeast("categories", b.categories, 1);
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
        this.clickThroughRate = requireProbability("clickThroughRate", b.clickThroughRate);
        this.conversionRate = requireProbability("conversionRate", b.conversionRate);
        this.repeatClickRate = requireProbability("repeatClickRate", b.repeatClickRate);
        this.contentViewShare = requireProbability("contentViewShare", b.contentViewShare);
        this.explorationRate = requireProbability("explorationRate", b.explorationRate);
        this.itemZipfExponent = requirePositive("itemZipfExponent", b.itemZipfExponent);
        this.userActivityAlpha = requirePositive("userActivityAlpha", b.userActivityAlpha);
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

    private static int requireAtLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    private static double requireProbability(String key, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], got " + value);
        }
        return value;
    }

    private static double requirePositive(String key, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a positive finite number, got " + value);
        }
        return value;
    }

    /** Mutable builder; {@link #build()} validates every value. */
    public static final class Builder {
        private long seed = 42L;
        private int users = 2000;
        private int objects = 5000;
        private int categories = 50;
        private long events = 200_000L;
        private Duration span = Duration.ofDays(7);
        private double clickThroughRate = 0.04;
        private double conversionRate = 0.05;
        private double repeatClickRate = 0.1;
        private double contentViewShare = 0.3;
        private double explorationRate = 0.15;
        private double itemZipfExponent = 1.1;
        private double userActivityAlpha = 1.5;
        private String profile = GeneratorProfile.CLASSIC.name();
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
