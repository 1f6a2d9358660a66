package io.nearline.recall.tiering;

import static io.nearline.recall.tiering.Scripted.T0;
import static io.nearline.recall.tiering.Scripted.ad;
import static io.nearline.recall.tiering.Scripted.behaviour;
import static io.nearline.recall.tiering.Scripted.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.tiering.TriggerDecision.Kind;
import org.junit.jupiter.api.Test;

class RulesTriggerPolicyTest {

    private final TriggerState state = new TriggerState();

    private static RulesTriggerPolicy policy(String tier) {
        return new RulesTriggerPolicy(Scripted.rules("  - name: only\n    minArpu: 0\n" + tier));
    }

    @Test
    void a_behaviour_at_or_above_fireAtGrade_fires_at_once_and_lower_ones_do_not() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 3\n");
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.IMPRESSION, T0), state).kind());
        assertEquals(Kind.SKIP, policy.onBehaviour(null, behaviour("u1", Action.CLICK, Domain.CONTENT, T0 + 1), state).kind());
        TriggerDecision click = policy.onBehaviour(null, ad(Action.CLICK, T0 + 2), state);
        assertTrue(click.fires(), click.toString());
        assertTrue(policy.onBehaviour(null, ad(Action.CONVERSION, T0 + 3), state).fires());
    }

    @Test
    void everyN_fires_on_the_nth_counted_behaviour_and_starts_counting_again() {
        RulesTriggerPolicy policy = policy("    everyN: 3\n");
        int fired = 0;
        for (int i = 1; i <= 9; i++) {
            TriggerDecision d = policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + i), state);
            assertEquals(i % 3 == 0, d.fires(), "behaviour " + i + ": " + d);
            if (!d.fires()) {
                assertEquals(i % 3 + " of 3 behaviours", d.reason());
                assertEquals("SKIP(" + i % 3 + " of 3 behaviours)", d.toString());
            }
            fired += d.fires() ? 1 : 0;
        }
        assertEquals(3, fired);
    }

    @Test
    void behaviours_below_countFromGrade_do_not_count_toward_everyN() {
        RulesTriggerPolicy policy = policy("    everyN: 2\n    countFromGrade: 1\n");
        for (int i = 0; i < 5; i++) {
            assertFalse(policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + i), state).fires());
        }
        assertFalse(policy.onBehaviour(null, ad(Action.CONTENT_VIEW, T0 + 10), state).fires());
        assertTrue(policy.onBehaviour(null, ad(Action.CLICK, T0 + 11), state).fires());
    }

    @Test
    void a_burst_is_debounced_until_the_user_is_quiet_and_earlier_timers_are_stale() {
        RulesTriggerPolicy policy = policy("    everyN: 2\n    debounceMs: 1000\n");
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.IMPRESSION, T0), state).kind());
        TriggerDecision first = policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 100), state);
        assertEquals(TriggerDecision.waitUntil(T0 + 1100, "").timestamp(), first.timestamp());
        assertEquals(Kind.WAIT_UNTIL, first.kind());
        TriggerDecision pushed = policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 600), state);
        assertEquals(T0 + 1600, pushed.timestamp());

        TriggerDecision early = policy.onTimer(null, T0 + 1100, state);
        assertEquals(Kind.WAIT_UNTIL, early.kind(), "the first timer was superseded: " + early);
        assertEquals(T0 + 1600, early.timestamp(), "and is answered with the wait that superseded it");
        TriggerDecision quiet = policy.onTimer(null, T0 + 1600, state);
        assertTrue(quiet.fires(), quiet.toString());
        assertEquals(T0 + 1600, state.lastTriggerTime);
        assertEquals(0, state.behavioursSinceTrigger);
    }

    @Test
    void a_wait_needs_its_own_timer_only_where_none_at_or_before_it_is_pending() {
        TriggerDecision wait = TriggerDecision.waitUntil(T0 + 500, "debouncing");
        assertTrue(wait.needsTimer(0), "nothing pending");
        assertTrue(wait.needsTimer(T0 + 501), "the pending one comes after it");
        assertFalse(wait.needsTimer(T0 + 500), "one at the same time is pending");
        assertFalse(wait.needsTimer(T0 + 100), "the pending one fires first and is answered with this wait");
        assertFalse(TriggerDecision.skip("x").needsTimer(0));
    }

    @Test
    void debounceMaxMs_bounds_how_long_a_continuing_burst_can_postpone_a_fire() {
        RulesTriggerPolicy policy = policy("    everyN: 1\n    debounceMs: 1000\n    debounceMaxMs: 2500\n");
        long lastWait = 0;
        for (long t = T0; t <= T0 + 2000; t += 500) {
            lastWait = policy.onBehaviour(null, ad(Action.IMPRESSION, t), state).timestamp();
        }
        assertEquals(T0 + 2500, lastWait, "due at T0, so at most 2.5 s later");
        assertTrue(policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 2500), state).fires(),
                "a behaviour arriving at the limit fires without waiting for its timer");
        assertEquals(Kind.SKIP, policy.onTimer(null, T0 + 2500, state).kind(), "the timer has nothing left to do");
    }

    @Test
    void a_fire_during_the_cool_down_waits_until_it_ends_and_is_not_lost() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 4\n    cooldownMs: 60000\n");
        assertTrue(policy.onBehaviour(null, ad(Action.CONVERSION, T0), state).fires());
        TriggerDecision second = policy.onBehaviour(null, ad(Action.CONVERSION, T0 + 5000), state);
        assertEquals(Kind.WAIT_UNTIL, second.kind());
        assertEquals(T0 + 60000, second.timestamp());
        TriggerDecision early = policy.onTimer(null, T0 + 59999, state);
        assertEquals(Kind.WAIT_UNTIL, early.kind());
        assertEquals(T0 + 60000, early.timestamp());
        TriggerDecision after = policy.onTimer(null, T0 + 60000, state);
        assertTrue(after.fires(), after.toString());
        assertEquals(TriggerRules.priority(0, 4), after.priority());
    }

    @Test
    void the_daily_cap_stops_fires_until_the_next_utc_day() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 3\n    dailyCap: 2\n");
        assertTrue(policy.onBehaviour(null, ad(Action.CLICK, T0 + 1000), state).fires());
        assertTrue(policy.onBehaviour(null, ad(Action.CLICK, T0 + 2000), state).fires());
        TriggerDecision capped = policy.onBehaviour(null, ad(Action.CLICK, T0 + 3000), state);
        assertEquals(Kind.SKIP, capped.kind());
        assertTrue(capped.reason().contains("daily cap"), capped.reason());
        assertTrue(policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 86_400_000L), state).fires(),
                "the click held back by the cap fires with the first behaviour of the next day");
    }

    @Test
    void a_daily_cap_of_zero_mutes_the_tier() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 0\n    dailyCap: 0\n");
        for (int i = 0; i < 10; i++) {
            assertFalse(policy.onBehaviour(null, ad(Action.CONVERSION, T0 + i), state).fires());
        }
    }

    @Test
    void strategies_combine_in_one_scripted_session() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 4\n    countFromGrade: 1\n    everyN: 3\n"
                + "    debounceMs: 2000\n    cooldownMs: 10000\n    dailyCap: 3\n");
        StringBuilder trace = new StringBuilder();
        record Step(Action action, long at) {}
        Step[] script = {
            new Step(Action.IMPRESSION, 0), new Step(Action.CLICK, 1000), new Step(Action.CLICK, 1500),
            new Step(Action.CONTENT_VIEW, 2000), // third counted: due, debounce to 4000
            new Step(Action.CLICK, 3000), // pushes the debounce to 5000
        };
        for (Step s : script) {
            trace.append(policy.onBehaviour(null, ad(s.action(), T0 + s.at()), state).kind()).append(' ');
        }
        assertEquals("SKIP SKIP SKIP WAIT_UNTIL WAIT_UNTIL ", trace.toString());
        assertEquals(T0 + 5000, state.wakeUpAt);
        assertTrue(policy.onTimer(null, T0 + 5000, state).fires(), "quiet after the burst: debounced fire");

        TriggerDecision conversion = policy.onBehaviour(null, ad(Action.CONVERSION, T0 + 6000), state);
        assertEquals(T0 + 15000, conversion.timestamp(), "a conversion skips the debounce but not the cool-down");
        TriggerDecision convFire = policy.onTimer(null, T0 + 15000, state);
        assertTrue(convFire.fires());
        assertEquals(TriggerRules.priority(0, 4), convFire.priority());

        assertTrue(policy.onBehaviour(null, ad(Action.CONVERSION, T0 + 30000), state).fires(), "third fire of the day");
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.CONVERSION, T0 + 50000), state).kind(), "capped");
        assertEquals(3L, policy.counters().fired("only"));
    }

    @Test
    void priority_ranks_tiers_first_and_behaviour_grades_within_a_tier() {
        TriggerRules rules = Scripted.rules("  - name: low\n    minArpu: 0\n    fireAtGrade: 0\n"
                + "  - name: high\n    minArpu: 10\n    fireAtGrade: 0\n");
        RulesTriggerPolicy policy = new RulesTriggerPolicy(rules);
        TriggerDecision lowConversion = policy.onBehaviour(profile(1, T0), ad(Action.CONVERSION, T0), new TriggerState());
        TriggerDecision highImpression = policy.onBehaviour(profile(50, T0), ad(Action.IMPRESSION, T0), new TriggerState());
        TriggerDecision highClick = policy.onBehaviour(profile(50, T0), ad(Action.CLICK, T0), new TriggerState());
        assertEquals("low", lowConversion.tier());
        assertEquals("high", highImpression.tier());
        assertTrue(highImpression.priority() > lowConversion.priority());
        assertTrue(highClick.priority() > highImpression.priority());
        assertEquals(1, TriggerRules.tierRankOf(highImpression.priority()));
    }

    @Test
    void the_policy_reports_the_rules_version_and_counts_users_per_tier() {
        TriggerRules rules = Scripted.rules("  - name: low\n    minArpu: 0\n  - name: high\n    minArpu: 10\n");
        RulesTriggerPolicy policy = new RulesTriggerPolicy(rules);
        assertEquals("test-1", policy.rulesVersion());
        TriggerState a = new TriggerState();
        TriggerState b = new TriggerState();
        policy.onBehaviour(profile(1, T0), ad(Action.CLICK, T0), a);
        policy.onBehaviour(profile(1, T0), ad(Action.CLICK, T0), b);
        policy.onBehaviour(profile(30, T0 + 1), ad(Action.CLICK, T0 + 2), b);
        assertEquals(1L, policy.counters().usersByTier().get("low"));
        assertEquals(1L, policy.counters().usersByTier().get("high"));
        assertEquals(1L, policy.counters().tierMoves());
    }

    @Test
    void the_policy_survives_java_serialization_as_flink_ships_it_to_task_managers() throws Exception {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 3\n    cooldownMs: 1000\n");
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(policy);
        }
        RulesTriggerPolicy copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RulesTriggerPolicy) in.readObject();
        }
        assertEquals(policy.rules().tiers(), copy.rules().tiers());
        assertTrue(copy.onBehaviour(null, ad(Action.CLICK, T0), state).fires());
        assertEquals(Kind.WAIT_UNTIL, copy.onBehaviour(null, ad(Action.CLICK, T0 + 10), state).kind());
    }

    @Test
    void with_onlyInputChanges_a_behaviour_that_leaves_the_input_as_it_was_neither_fires_nor_counts() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 3\n    everyN: 2\n    onlyInputChanges: true\n");
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.CLICK, T0), false, state).kind(), "a repeat click");
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.CONVERSION, T0 + 1), false, state).kind(),
                "a merged conversion");
        assertEquals(0, state.behavioursSinceTrigger);
        assertTrue(policy.onBehaviour(null, ad(Action.CLICK, T0 + 2), true, state).fires(), "a new click");
        RulesTriggerPolicy plain = policy("    fireAtGrade: 3\n");
        assertTrue(plain.onBehaviour(null, ad(Action.CLICK, T0), false, new TriggerState()).fires(),
                "without the strategy a repeat still fires");
    }

    @Test
    void fireOnFirstSight_fires_on_the_first_behaviour_of_a_user_never_fired_for_and_only_then() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 3\n    fireOnFirstSight: true\n");
        TriggerDecision first = policy.onBehaviour(null, ad(Action.IMPRESSION, T0), false, state);
        assertTrue(first.fires(), first.toString());
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 1), false, state).kind());
        RulesTriggerPolicy without = policy("    fireAtGrade: 3\n");
        assertEquals(Kind.SKIP, without.onBehaviour(null, ad(Action.IMPRESSION, T0), new TriggerState()).kind());
    }

    @Test
    void refreshAfterMs_makes_a_counted_behaviour_fire_once_the_last_recall_is_old_enough() {
        RulesTriggerPolicy policy = policy("    fireAtGrade: 3\n    refreshAfterMs: 1000\n");
        assertTrue(policy.onBehaviour(null, ad(Action.CLICK, T0), state).fires());
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 500), state).kind(), "still fresh");
        assertTrue(policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 1500), state).fires(), "aged: refreshed");
        assertEquals(Kind.SKIP, policy.onBehaviour(null, ad(Action.IMPRESSION, T0 + 1600), state).kind());
    }

    @Test
    void theTopTierIsTheRulesHighest_andNoOtherIs() throws Exception {
        RulesTriggerPolicy policy = ActiveRules.of(ShippedRulesTest.resource("default-rules.yaml")).policy();
        assertTrue(policy.isTopTier("platinum"));
        assertFalse(policy.isTopTier("gold"));
        assertFalse(policy.isTopTier("bronze"));
        assertFalse(policy.isTopTier(null));
    }
}
