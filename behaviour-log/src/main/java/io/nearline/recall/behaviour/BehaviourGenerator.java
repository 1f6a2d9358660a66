package io.nearline.recall.behaviour;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A synthetic, seeded behaviour log with the structure of an ad platform's: Zipf item popularity within categories,
 * Pareto user activity, user interests, an impression-click-conversion funnel and content views. Its
 * {@link GeneratorProfile} adds item-to-item successors and interest drift ({@code drifting}) or not ({@code classic});
 * {@link #events(ServedRecall)} lets a served recall choose part of the impressions.
 */
public final class BehaviourGenerator implements BehaviourLog {

    /** Where the generator's clock starts unless rebased. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final BehaviourLogOptions options;
    private final GeneratorProfile profile;
    private final SyntheticCatalogue catalogue;
    private final SyntheticUsers users;
    private final ItemSuccessors successors;
    private final InterestDrift drift;
    private final long offsetMillis;
    private final List<MarketingObject> shiftedCatalogue;
    private final List<UserProfileUpdate> shiftedProfiles;

    /** The generator of the options' named profile ({@code profile}: {@code classic} or {@code drifting}). */
    public BehaviourGenerator(BehaviourLogOptions options) {
        this(options, GeneratorProfile.named(options.profile()));
    }

    /**
     * Builds the catalogue, users and successors at once; with a rebase end time, also runs the events once to find
     * the end. The profile given here wins over the options' {@code profile} (for profiles with their own knobs).
     */
    public BehaviourGenerator(BehaviourLogOptions options, GeneratorProfile profile) {
        this.options = options;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.catalogue = new SyntheticCatalogue(options, START);
        this.users = new SyntheticUsers(options, catalogue, START);
        this.successors = profile.hasSequenceStructure() ? new ItemSuccessors(options, catalogue, profile.successors())
                : null;
        this.drift = new InterestDrift(options, catalogue, users, profile.dailyInterestSwap());
        this.offsetMillis = options.rebaseEndTime()
                .map(end -> end.toEpochMilli() - newEvents(0L, null).drainToLastTime())
                .orElse(0L);
        this.shiftedCatalogue = Rebase.catalogue(catalogue.objects, offsetMillis);
        this.shiftedProfiles = Rebase.profiles(users.profiles, offsetMillis);
    }

    @Override
    public String name() {
        return profile.equals(GeneratorProfile.CLASSIC) ? "generator(seed=" + options.seed() + ")"
                : "generator(seed=" + options.seed() + ", profile=" + profile.name() + ")";
    }

    @Override
    public List<MarketingObject> catalogue() {
        return shiftedCatalogue;
    }

    @Override
    public List<UserProfileUpdate> profiles() {
        return shiftedProfiles;
    }

    /** The fixed, replayable log: every call yields the same events. */
    @Override
    public Iterator<BehaviourEvent> events() {
        return newEvents(offsetMillis, null);
    }

    /**
     * The log with the loop closed: the profile's {@code servedShare} of ad impressions is drawn from what the hook
     * serves the user at that moment (when it serves something), the rest as in {@link #events()}. The events then
     * depend on the hook; a hook that never serves anything gives exactly {@link #events()}. Times carry the same
     * rebase offset as {@link #events()}.
     */
    public Iterator<BehaviourEvent> events(ServedRecall served) {
        return newEvents(offsetMillis, Objects.requireNonNull(served, "served"));
    }

    /** The profile this log follows. */
    public GeneratorProfile profile() {
        return profile;
    }

    /** The categories a user's behaviour mostly follows on the first day, primary first (ground truth). */
    public List<String> interestCategories(String userId) {
        return names(users.interests[userIndex(userId)]);
    }

    /**
     * The user's interest categories on the day holding this instant (on the log's clock, rebase included), primary
     * slot first; the same every day unless the profile drifts.
     */
    public List<String> interestCategories(String userId, Instant at) {
        long day = Math.max(0L, (at.toEpochMilli() - offsetMillis - START.toEpochMilli()) / InterestDrift.DAY_MILLIS);
        return names(drift.on(userIndex(userId), day));
    }

    /** The listed successors of a marketing object, most likely first; empty without sequence structure. */
    public List<String> successors(String objectId) {
        int object = catalogue.objectIndex(objectId);
        if (object < 0) {
            throw new IllegalArgumentException("unknown marketing object " + objectId);
        }
        return successors == null ? List.of()
                : Arrays.stream(successors.of(object)).mapToObj(j -> catalogue.objectIds[j]).toList();
    }

    /** Category name of a content item id (e.g. {@code c17}), which the catalogue does not hold. */
    public String contentCategory(String contentId) {
        int item = parseIndex(contentId, 'c', catalogue.contentIds.length);
        return catalogue.categoryNames[catalogue.contentCategory(item)];
    }

    private GeneratedEvents newEvents(long offset, ServedRecall served) {
        return new GeneratedEvents(options, catalogue, users, START.toEpochMilli(), offset, profile, successors, drift,
                served);
    }

    private List<String> names(int[] categories) {
        return Arrays.stream(categories).mapToObj(c -> catalogue.categoryNames[c]).toList();
    }

    private int userIndex(String userId) {
        return parseIndex(userId, 'u', users.userIds.length);
    }

    private static int parseIndex(String id, char prefix, int count) {
        if (id == null || id.length() < 2 || id.charAt(0) != prefix) {
            throw new IllegalArgumentException("not a generated id with prefix '" + prefix + "': " + id);
        }
        int index;
        try {
            index = Integer.parseInt(id.substring(1)) - 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a generated id with prefix '" + prefix + "': " + id, e);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("unknown id " + id + " (this log has " + count + ")");
        }
        return index;
    }
}
