package io.nearline.recall.behaviour;

import java.util.SplittableRandom;

/**
 * Users' interest categories day by day. Each (user, day) swap is drawn from its own seeded stream, so a user's
 * interests on a day do not depend on how many events came before, and the ground truth can be asked for any day.
 */
final class InterestDrift {

    static final long DAY_MILLIS = 86_400_000L;

    private final SyntheticCatalogue catalogue;
    private final SyntheticUsers users;
    private final double dailySwap;
    private final long seed;

    InterestDrift(BehaviourLogOptions options, SyntheticCatalogue catalogue, SyntheticUsers users, double dailySwap) {
        this.catalogue = catalogue;
        this.users = users;
        this.dailySwap = dailySwap;
        this.seed = Draws.subSeed(options.seed(), "drift");
    }

    /** The user's interests on a day (0 = the first), primary slot first; a fresh array. */
    int[] on(int user, long day) {
        int[] interests = users.interests[user].clone();
        for (long d = 1; d <= day && dailySwap > 0.0; d++) {
            swap(interests, user, d);
        }
        return interests;
    }

    /** Per-iterator view that follows each user forward in time, holding one interest array per user. */
    Tracker tracker() {
        return new Tracker();
    }

    private void swap(int[] interests, int user, long day) {
        if (interests.length >= catalogue.categories) {
            return;
        }
        long h = seed ^ (user * 0x9E3779B97F4A7C15L) ^ (day * 0xC2B2AE3D27D4EB4FL);
        SplittableRandom random = new SplittableRandom(Draws.subSeed(h, "day"));
        if (random.nextDouble() >= dailySwap) {
            return;
        }
        int slot = random.nextInt(interests.length);
        int category;
        do {
            category = catalogue.categoryPopularity.sample(random);
        } while (ItemSuccessors.contains(interests, interests.length, category));
        interests[slot] = category;
    }

    /** Current interests of every user as the stream moves forward; without drift, the lasting ones. */
    final class Tracker {
        private final int[][] current;
        private final long[] day;

        private Tracker() {
            current = dailySwap > 0.0 ? new int[users.interests.length][] : null;
            day = dailySwap > 0.0 ? new long[users.interests.length] : null;
        }

        int[] at(int user, long dayIndex) {
            if (current == null) {
                return users.interests[user];
            }
            if (current[user] == null) {
                current[user] = users.interests[user].clone();
            }
            while (day[user] < dayIndex) {
                day[user]++;
                swap(current[user], user, day[user]);
            }
            return current[user];
        }
    }
}
