package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuBudgetTest {

    private static final long T0 = 1_000_000L;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        long millis = T0;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static List<String> admitted(List<BudgetOutcome<String>> outcomes) {
        return outcomes.stream().filter(BudgetOutcome::admitted).map(BudgetOutcome::item).toList();
    }

    @Test
    void the_rate_is_held_after_the_burst_is_spent_whatever_the_demand() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(10, 5, 100_000, 60_000));
        List<Long> admissions = new ArrayList<>();
        for (long t = T0; t < T0 + 10_000; t += 10) {
            for (int i = 0; i < 3; i++) {
                budget.offer("r", 1, "t", t);
            }
            budget.poll(t).stream().filter(BudgetOutcome::admitted).forEach(o -> admissions.add(o.decidedAt()));
        }
        assertEquals(5 + 99, admissions.size(), "burst of 5, then a token every 100 ms up to the last poll at T0+9990");
        for (int i = 0; i < admissions.size(); i++) {
            for (int j = i; j < admissions.size(); j++) {
                long window = admissions.get(j) - admissions.get(i);
                assertTrue(j - i + 1 <= 5 + Math.floor(window * 10 / 1000.0) + 1e-9,
                        (j - i + 1) + " admissions within " + window + " ms");
            }
        }
    }

    @Test
    void waiting_requests_are_admitted_highest_priority_first_and_oldest_first_among_equals() {
        ManualClock clock = new ManualClock();
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(1, 1, 100, 60_000), clock);
        budget.offer("first", 0, "low");
        assertEquals(List.of("first"), admitted(budget.poll()), "the burst token is free");
        budget.offer("low-a", 0, "low");
        budget.offer("high", 20, "high");
        budget.offer("low-b", 0, "low");
        budget.offer("mid", 10, "mid");
        assertEquals(List.of(), admitted(budget.poll()));
        assertEquals(T0 + 1000, budget.nextWakeUp());
        List<String> order = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            clock.millis = T0 + s * 1000L;
            order.addAll(admitted(budget.poll()));
        }
        assertEquals(List.of("high", "mid", "low-a", "low-b"), order);
        assertEquals(Long.MAX_VALUE, budget.nextWakeUp());
    }

    @Test
    void a_full_queue_sheds_the_lowest_priority_first() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(1, 1, 2, 60_000));
        budget.offer("spends-the-token", 5, "mid", T0);
        budget.offer("low", 0, "low", T0);
        budget.offer("mid", 10, "mid", T0);
        budget.offer("high", 20, "high", T0);
        budget.offer("another-low", 0, "low", T0);
        List<BudgetOutcome<String>> outcomes = budget.poll(T0);
        List<String> shed = outcomes.stream().filter(o -> !o.admitted()).map(BudgetOutcome::item).toList();
        assertEquals(List.of("low", "another-low"), shed);
        assertTrue(outcomes.stream().filter(o -> !o.admitted())
                .allMatch(o -> o.shedReason() == BudgetOutcome.ShedReason.QUEUE_FULL));
        assertEquals(2, budget.queued());
        assertEquals(Map.of("low", 2L), budget.shedByTier());
    }

    @Test
    void with_replaceQueued_a_users_newer_request_takes_the_place_of_their_waiting_one() {
        ManualClock clock = new ManualClock();
        // items are "user:input"; the user is the part before the colon
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(1, 1, 100, 60_000, true), clock,
                item -> item.substring(0, item.indexOf(':')));
        budget.offer("u0:1", 5, "t", T0);   // spends the only token
        budget.offer("u1:1", 5, "t", T0);   // waits, first in line
        budget.offer("u2:1", 9, "t", T0);   // waits, higher priority
        budget.offer("u1:2", 1, "t", T0 + 10);  // replaces u1:1: its place, the higher priority of the two
        budget.offer("u1:3", 1, "t", T0 + 20);
        List<BudgetOutcome<String>> outcomes = budget.poll(T0 + 2_000);
        assertEquals(List.of("u0:1", "u2:1", "u1:3"), admitted(outcomes), "u1 is served once, with the newest input");
        List<BudgetOutcome<String>> superseded = outcomes.stream()
                .filter(o -> o.shedReason() == BudgetOutcome.ShedReason.SUPERSEDED).toList();
        assertEquals(List.of("u1:1", "u1:2"), superseded.stream().map(BudgetOutcome::item).toList());
        assertEquals(T0, outcomes.stream().filter(o -> o.item().equals("u1:3")).findFirst().orElseThrow().offeredAt(),
                "the replacement keeps the first request's age");
        assertEquals(0, budget.queued());
    }

    @Test
    void without_replaceQueued_every_request_of_a_user_waits_for_its_own_token() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(1, 1, 100, 60_000), Clock.systemUTC(),
                item -> item.substring(0, item.indexOf(':')));
        budget.offer("u1:1", 5, "t", T0);
        budget.offer("u1:2", 5, "t", T0);
        budget.offer("u1:3", 5, "t", T0);
        assertEquals(List.of("u1:1", "u1:2", "u1:3"), admitted(budget.poll(T0 + 2_000)));
    }

    @Test
    void a_request_that_finds_no_token_within_its_max_wait_is_shed_at_its_deadline() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(1, 1, 100, 1500));
        budget.offer("a", 1, "t", T0);
        budget.offer("b", 1, "t", T0);
        budget.offer("c", 1, "t", T0);
        assertEquals(List.of("a"), admitted(budget.poll(T0)));
        assertEquals(T0 + 1000, budget.nextWakeUp());
        List<BudgetOutcome<String>> late = budget.poll(T0 + 5000);
        assertEquals(List.of("b"), admitted(late), "b got the token at T0+1000, before its deadline");
        BudgetOutcome<String> c = late.stream().filter(o -> !o.admitted()).findFirst().orElseThrow();
        assertEquals("c", c.item());
        assertEquals(BudgetOutcome.ShedReason.MAX_WAIT, c.shedReason());
        assertEquals(1500, c.waitedMs(), "decided at its deadline although polled late");
        assertEquals(Map.of("t", 2L), budget.admittedByTier());
    }

    @Test
    void under_sustained_overload_the_lowest_tier_is_shed_and_the_highest_is_served() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(10, 10, 1000, 500));
        for (long t = T0; t < T0 + 60_000; t += 100) {
            budget.offer("gold", 20, "gold", t);
            budget.offer("silver", 10, "silver", t);
            budget.offer("bronze", 0, "bronze", t);
            budget.poll(t);
        }
        budget.poll(T0 + 120_000);
        Map<String, Long> admitted = budget.admittedByTier();
        Map<String, Long> shed = budget.shedByTier();
        assertEquals(600L, admitted.get("gold"), "gold demand (10/s) equals the rate");
        assertTrue(shed.getOrDefault("gold", 0L) == 0, "gold never shed: " + shed);
        assertTrue(shed.get("bronze") >= 590, "bronze is what gives: " + shed);
        assertTrue(admitted.getOrDefault("silver", 0L) >= admitted.getOrDefault("bronze", 0L));
    }

    @Test
    void nextWakeUp_names_the_oldest_deadline_when_it_comes_before_the_next_token() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(0.5, 1, 100, 300));
        budget.offer("a", 1, "t", T0);
        budget.offer("b", 1, "t", T0 + 100);
        budget.poll(T0 + 100);
        assertEquals(T0 + 400, budget.nextWakeUp());
        List<BudgetOutcome<String>> outcomes = budget.poll(budget.nextWakeUp());
        assertEquals(1, outcomes.size());
        assertEquals(BudgetOutcome.ShedReason.MAX_WAIT, outcomes.get(0).shedReason());
    }

    @Test
    void budget_in_use_is_the_share_of_the_rate_admitted_in_the_previous_second() {
        GpuBudget<String> budget = new GpuBudget<>(new BudgetRules(4, 4, 100, 0));
        budget.offer("a", 1, "t", T0);
        budget.offer("b", 1, "t", T0 + 10);
        budget.poll(T0 + 1000);
        assertEquals(0.5, budget.budgetInUse(), 1e-9);
        budget.poll(T0 + 5000);
        assertEquals(0.0, budget.budgetInUse(), 1e-9);
    }
}
