package io.nearline.recall.behaviour;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A synthetic, seeded behaviour log with the structure of an ad platform's: Zipf item popularity within categories,
 * Pareto user activity, lasting user interests, an impression-click-conversion funnel and content views.
 */
public final class BehaviourGenerator implements BehaviourLog {

    /** Where the generator's clock starts unless rebased. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final BehaviourLogOptions options;
    private final SyntheticCatalogue catalogue;
    private final SyntheticUsers users;
    private final long offsetMillis;
    private final List<MarketingObject> shiftedCatalogue;
    private final List<UserProfileUpdate> shiftedProfiles;

    /** Builds the catalogue and users at once; with a rebase end time, also runs the events once to find the end. */
    public BehaviourGenerator(BehaviourLogOptions options) {
        this.options = options;
        this.catalogue = new SyntheticCatalogue(options, START);
        this.users = new SyntheticUsers(options, catalogue, START);
        this.offsetMillis = options.rebaseEndTime()
                .map(end -> end.toEpochMilli() - newEvents(0L).drainToLastTime())
                .orElse(0L);
        this.shiftedCatalogue = Rebase.catalogue(catalogue.objects, offsetMillis);
        this.shiftedProfiles = Rebase.profiles(users.profiles, offsetMillis);
    }

    @Override
    public String name() {
        return "generator(seed=" + options.seed() + ")";
    }

    @Override
    public List<MarketingObject> catalogue() {
        return shiftedCatalogue;
    }

    @Override
    public List<UserProfileUpdate> profiles() {
        return shiftedProfiles;
    }

    @Override
    public Iterator<BehaviourEvent> events() {
        return newEvents(offsetMillis);
    }

    /** The categories a user's behaviour mostly follows, primary first (ground truth for evaluations). */
    public List<String> interestCategories(String userId) {
        int user = userIndex(userId);
        return Arrays.stream(users.interests[user]).mapToObj(c -> catalogue.categoryNames[c]).toList();
    }

    /** Category name of a content item id (e.g. {@code c17}), which the catalogue does not hold. */
    public String contentCategory(String contentId) {
        int item = parseIndex(contentId, 'c', catalogue.contentIds.length);
        return catalogue.categoryNames[catalogue.contentCategory(item)];
    }

    private GeneratedEvents newEvents(long offset) {
        return new GeneratedEvents(options, catalogue, users, START.toEpochMilli(), offset);
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
