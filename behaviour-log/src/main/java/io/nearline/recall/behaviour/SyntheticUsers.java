package io.nearline.recall.behaviour;

import io.nearline.recall.avro.UserProfileUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The generator's users: heavy-tailed activity, 1-3 lasting interest categories, base attributes and ARPU. */
final class SyntheticUsers {

    private static final String[] AGE_BUCKETS = {"age_under_18", "age_18_24", "age_25_34", "age_35_44", "age_45_54",
        "age_55_plus"};
    private static final double[] AGE_WEIGHTS = {0.05, 0.20, 0.32, 0.22, 0.13, 0.08};
    private static final String[] GENDERS = {"gender_f", "gender_m", "gender_unknown"};
    private static final double[] GENDER_WEIGHTS = {0.48, 0.48, 0.04};
    /** The MovieLens occupation codes, so generated and MovieLens profiles share one vocabulary. */
    private static final String[] OCCUPATIONS = {"administrator", "artist", "doctor", "educator", "engineer",
        "entertainment", "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other",
        "programmer", "retired", "salesman", "scientist", "student", "technician", "writer"};
    private static final int REGIONS = 34;
    /** A primary interest draws most sessions, secondary ones fewer. */
    private static final AliasTable[] INTEREST_CHOICE = {
        new AliasTable(new double[] {1.0}),
        new AliasTable(new double[] {0.6, 0.4}),
        new AliasTable(new double[] {0.6, 0.3, 0.1})};
    /** How strongly ARPU follows activity: busier users tend to spend more, but far from proportionally. */
    private static final double ARPU_ACTIVITY_ELASTICITY = 0.3;

    final String[] userIds;
    final AliasTable activity;
    /** Interest categories of each user, primary first. */
    final int[][] interests;
    /** Relative weights of each user's interests, aligned with {@link #interests}. */
    final AliasTable[] interestChoice;
    final List<UserProfileUpdate> profiles;

    SyntheticUsers(BehaviourLogOptions options, SyntheticCatalogue catalogue, Instant updateTime) {
        SplittableRandom random = new SplittableRandom(Draws.subSeed(options.seed(), "users"));
        int n = options.users();
        userIds = new String[n];
        double[] activityWeights = new double[n];
        interests = new int[n][];
        interestChoice = new AliasTable[n];
        AliasTable ages = new AliasTable(AGE_WEIGHTS);
        AliasTable genders = new AliasTable(GENDER_WEIGHTS);
        AliasTable regions = AliasTable.zipf(REGIONS, 0.7);
        double meanActivity = options.userActivityAlpha() > 1
                ? options.userActivityAlpha() / (options.userActivityAlpha() - 1) : 1.0;
        List<UserProfileUpdate> built = new ArrayList<>(n);
        for (int u = 0; u < n; u++) {
            userIds[u] = "u" + (u + 1);
            activityWeights[u] = Draws.pareto(random, options.userActivityAlpha());
            interests[u] = drawInterests(catalogue, random);
            interestChoice[u] = INTEREST_CHOICE[interests[u].length - 1];
            Map<String, String> attributes = new HashMap<>();
            attributes.put("age_bucket", AGE_BUCKETS[ages.sample(random)]);
            attributes.put("gender", GENDERS[genders.sample(random)]);
            attributes.put("region", "region_" + (regions.sample(random) + 1));
            attributes.put("occupation", OCCUPATIONS[random.nextInt(OCCUPATIONS.length)]);
            double arpu = Draws.logNormal(random, 8.0, 1.0)
                    * StrictMath.pow(activityWeights[u] / meanActivity, ARPU_ACTIVITY_ELASTICITY);
            built.add(new UserProfileUpdate(userIds[u], Draws.cents(arpu), attributes, updateTime));
        }
        activity = new AliasTable(activityWeights);
        profiles = Collections.unmodifiableList(built);
    }

    /** 1 interest for half the users, 2 for 30%, 3 for 20%, drawn by category popularity without repeats. */
    private static int[] drawInterests(SyntheticCatalogue catalogue, SplittableRandom random) {
        double u = random.nextDouble();
        int count = Math.min(catalogue.categories, u < 0.5 ? 1 : u < 0.8 ? 2 : 3);
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) {
            int c;
            do {
                c = catalogue.categoryPopularity.sample(random);
            } while (contains(chosen, i, c));
            chosen[i] = c;
        }
        return chosen;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }
}
