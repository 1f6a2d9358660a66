package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentTest {

    @Test
    void the_hash_is_murmur3_32_as_published() {
        // reference values of MurmurHash3_x86_32 (Appleby's SMHasher, Guava's murmur3_32_fixed)
        assertEquals(0, Murmur3.hash32("", 0));
        assertEquals(0x248bfa47, Murmur3.hash32("hello", 0));
        assertEquals(0x2e4ff723, Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0));
        assertEquals(0x514e28b7, Murmur3.hash32("", 1));
    }

    @Test
    void a_users_arm_depends_only_on_the_id_and_the_shares() {
        Experiment a = experiment(5000, 5000);
        Experiment b = experiment(5000, 5000);
        for (int i = 0; i < 1000; i++) {
            String user = "user-" + i;
            assertEquals(a.armOf(user).name(), b.armOf(user).name());
            assertEquals(a.armOf(user).name(), a.armOf(user).name());
        }
        assertEquals(Experiment.bucketOf("user-42"), Experiment.bucketOf("user-42"));
    }

    @Test
    void the_observed_shares_are_those_declared_within_four_sigma() {
        Experiment experiment = experiment(2000, 3000, 5000);
        int users = 100_000;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < users; i++) {
            counts.merge(experiment.armOf("u" + i).name(), 1, Integer::sum);
        }
        int total = 0;
        for (Arm arm : experiment.arms()) {
            double p = arm.share();
            double sigma = Math.sqrt(users * p * (1 - p));
            int observed = counts.getOrDefault(arm.name(), 0);
            assertTrue(Math.abs(observed - users * p) <= 4 * sigma,
                    arm.name() + ": " + observed + " of " + users + ", expected " + users * p + " +- " + 4 * sigma);
            total += observed;
        }
        assertEquals(users, total);
    }

    @Test
    void growing_a_share_moves_only_users_into_the_growing_arm() {
        Experiment before = experiment(5000, 5000);
        Experiment after = experiment(6000, 4000);
        for (int i = 0; i < 5000; i++) {
            String user = "u" + i;
            if (!before.armOf(user).name().equals(after.armOf(user).name())) {
                assertEquals("arm0", after.armOf(user).name());
            }
        }
    }

    @Test
    void without_arms_every_user_is_in_control() {
        assertEquals(List.of(Arm.control()), Experiment.single().arms());
        assertEquals("control", Experiment.single().armOf("anyone").name());
        assertEquals(1.0, Arm.control().share());
    }

    private static Experiment experiment(int... buckets) {
        List<Arm> arms = new java.util.ArrayList<>();
        int first = 0;
        for (int i = 0; i < buckets.length; i++) {
            arms.add(new Arm("arm" + i, first, buckets[i], 0, 0, "", ""));
            first += buckets[i];
        }
        return new Experiment(arms);
    }
}
