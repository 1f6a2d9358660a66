package io.nearline.recall.behaviour;

import java.util.List;

/**
 * The generator's behaviour model beyond the world's size and funnel: what follows what within a category, how fast
 * interests drift, and how much of what a user sees a served recall decides. {@link #CLASSIC} is the generator as it
 * was before profiles (every earlier figure reproduces with it); {@link #DRIFTING} gives rule sets and recall models
 * something to tell apart: a recent click predicts the next one, and an old recall loses value as interests move.
 *
 * @param name                    the profile's name, as the {@code profile} option spells it
 * @param successors              listed successors per marketing object: objects of its own category, drawn uniformly
 *                                once per world (seeded); 0 = no item-to-item structure
 * @param successorProbability    chance that an in-interest ad impression shows a successor of the user's last
 *                                clicked object (first successor most likely: weights 1, 1/2, 1/3, ...) rather than an
 *                                object drawn by popularity; applies while that click's category is still one of the
 *                                user's interests
 * @param successorClickBoost     an impression of a successor of the user's last click is clicked this many times as
 *                                often as an ordinary interest impression (1 = no boost; raises the overall CTR)
 * @param dailyInterestSwap       each day (UTC days from the generator's start), the chance that a user swaps one of
 *                                their interest categories (a uniformly chosen slot, keeping its weight) for a
 *                                category they do not hold, drawn by category popularity
 * @param servedShare             with a {@link ServedRecall} hook ({@link BehaviourGenerator#events(ServedRecall)}),
 *                                the share of ad impressions drawn uniformly from the objects the hook returns for the
 *                                user at that moment (when it returns some); clicked at the interest rate when the
 *                                object's category is one of the user's current interests, else at the exploration rate
 */
public record GeneratorProfile(String name, int successors, double successorProbability, double successorClickBoost,
                               double dailyInterestSwap, double servedShare) {

    /** Today's generator, byte for byte: no successors, no drift; a hook, if given, still serves half the impressions. */
    public static final GeneratorProfile CLASSIC = new GeneratorProfile("classic", 0, 0.0, 1.0, 0.0, 0.5);

    /** Three successors per object, half the in-interest impressions on them, clicked twice as often; 30% daily swap. */
    public static final GeneratorProfile DRIFTING = new GeneratorProfile("drifting", 3, 0.5, 2.0, 0.3, 0.5);

    /** The named profiles, as the {@code profile} option accepts them. */
    public static final List<GeneratorProfile> NAMED = List.of(CLASSIC, DRIFTING);

    public GeneratorProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("profile name must not be blank");
        }
        if (successors < 0) {
            throw new IllegalArgumentException("successors must be >= 0, got " + successors);
        }
        requireProbability("successorProbability", successorProbability);
        if (!(successorClickBoost > 0.0) || Double.isInfinite(successorClickBoost)) {
            throw new IllegalArgumentException("successorClickBoost must be a positive finite number, got "
                    + successorClickBoost);
        }
        requireProbability("dailyInterestSwap", dailyInterestSwap);
        requireProbability("servedShare", servedShare);
    }

    /** The named profile; an unknown name is rejected naming the option and the accepted names. */
    public static GeneratorProfile named(String name) {
        for (GeneratorProfile profile : NAMED) {
            if (profile.name.equals(name)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("profile must be one of "
                + String.join(", ", NAMED.stream().map(GeneratorProfile::name).toList()) + ", got " + name);
    }

    /** Whether users keep a last click that shapes their next impressions. */
    boolean hasSequenceStructure() {
        return successors > 0 && (successorProbability > 0.0 || successorClickBoost != 1.0);
    }

    private static void requireProbability(String key, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], got " + value);
        }
    }
}
