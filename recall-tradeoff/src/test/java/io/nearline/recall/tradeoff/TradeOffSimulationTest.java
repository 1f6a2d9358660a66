package io.nearline.recall.tradeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.avro.Action;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.TriggerRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeOffSimulationTest {

    private static final long CUT = 1_000;
    private static final TriggerRules EVERY_EVENT = HandBuiltLog.rules("every", "    fireAtGrade: 0\n");
    private static final TriggerRules INPUT_CHANGES = HandBuiltLog.rules("changes",
            "    fireAtGrade: 3\n    onlyInputChanges: true\n");
    private static final ArpuSegments ONE_SEGMENT = new ArpuSegments(EVERY_EVENT);

    /** Recalls the object after the newest one of the input: o1 -> o2, and nothing for an empty input. */
    private static final Recommender NEXT = (history, count) -> history.isEmpty() ? List.of()
            : List.of("o" + (Integer.parseInt(history.get(history.size() - 1).substring(1)) + 1));

    private static TradeOffSimulation.Settings settings(InferenceLatency latency) {
        return TradeOffSimulation.Settings.withPromptDefaults(CUT, latency, 10, 7);
    }

    private static TierTally run(HandBuiltLog log, TriggerRules rules, InferenceLatency latency) {
        return TradeOffSimulation.run(log, rules, NEXT, ONE_SEGMENT, settings(latency)).overall();
    }

    @Test
    void each_target_is_scored_on_the_recall_in_redis_at_its_time_and_the_uncovered_one_on_the_fallback() {
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o1", 0)            // history: the model's input and the fallback's count
                .add("u1", Action.IMPRESSION, "o2", 2_000)   // fires; its recall [o2] is in Redis from 2,100
                .add("u1", Action.CLICK, "o2", 2_050)        // target: nothing in Redis yet -> fallback [o1]: miss
                .add("u1", Action.CLICK, "o3", 5_000);       // target: the recall fired at 2,050 ([o3]): hit
        TierTally t = run(log, EVERY_EVENT, InferenceLatency.fixed(100, 2_000));
        assertEquals(3, t.behaviours(), "history is not live");
        assertEquals(3, t.calls());
        assertEquals(2, t.targets());
        assertEquals(1, t.covered());
        assertEquals(1, t.hitsCovered());
        assertEquals(1, t.hitsWithFallback());
        assertEquals(2_950, t.stalenessMs().quantile(0.5));
        assertEquals(0, t.missedChanges().quantile(0.5), "the recall reflects both clicks before the target");
    }

    @Test
    void the_fallback_serves_uncovered_targets_with_the_history_s_most_engaged_objects() {
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o7", 0).add("u2", Action.CLICK, "o7", 1).add("u2", Action.CLICK, "o8", 2)
                .add("u3", Action.CLICK, "o7", 2_000);       // target for u3, no recall: the fallback [o7, o8] hits
        TierTally t = run(log, INPUT_CHANGES, InferenceLatency.fixed(100, 2_000));
        assertEquals(1, t.targets());
        assertEquals(0, t.covered());
        assertEquals(1, t.hitsWithFallback());
    }

    @Test
    void repeats_and_merged_conversions_are_not_targets_and_cost_no_call_under_input_change_rules() {
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o1", 2_000)        // target, input change: a call
                .add("u1", Action.CLICK, "o1", 3_000)        // repeat within the window: no target, no call
                .add("u1", Action.CONVERSION, "o1", 4_000)   // merged into its click: no target, no call
                .add("u1", Action.IMPRESSION, "o5", 5_000)   // no call
                .add("u1", Action.CLICK, "o2", 6_000);       // target, covered by the first call's [o2]: a hit
        TierTally changes = run(log, INPUT_CHANGES, InferenceLatency.fixed(10, 2_000));
        assertEquals(2, changes.calls());
        assertEquals(2, changes.targets());
        assertEquals(1, changes.covered());
        assertEquals(1, changes.hitsCovered());
        TierTally every = run(log, EVERY_EVENT, InferenceLatency.fixed(10, 2_000));
        assertEquals(5, every.calls());
        assertEquals(changes.hitsWithFallback(), every.hitsWithFallback(), "the extra calls answered nothing new");
    }

    @Test
    void a_call_slower_than_the_timeout_is_spent_but_leaves_no_recall() {
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o1", 2_000)
                .add("u1", Action.CLICK, "o2", 60_000);
        TierTally t = run(log, INPUT_CHANGES, InferenceLatency.fixed(3_000, 2_000));
        assertEquals(2, t.calls());
        assertEquals(2, t.timedOut());
        assertEquals(0, t.covered());
    }

    @Test
    void the_newest_answered_recall_wins_even_when_an_older_one_arrives_later() {
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o1", 2_000)
                .add("u1", Action.CLICK, "o4", 2_001)
                .add("u1", Action.CLICK, "o5", 100_000);    // the recall of 2,001 ([o5]) reflects the newer input
        TierTally t = run(log, INPUT_CHANGES, new InferenceLatency(50, 400, 2_000));
        assertEquals(3, t.targets());
        assertEquals(1, t.hitsCovered());
        assertEquals(98_000 - 1, t.stalenessMs().quantile(1.0));
    }

    @Test
    void a_binding_budget_sheds_and_the_shed_fire_leaves_the_target_uncovered() {
        TriggerRules tight = HandBuiltLog.rules("tight", "    fireAtGrade: 3\n",
                "  requestsPerSecond: 0.001\n  burst: 1\n  queueCapacity: 10\n  maxWaitMs: 0\n");
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o1", 2_000)        // takes the only token
                .add("u2", Action.CLICK, "o1", 2_500)        // shed: no token, no wait
                .add("u1", Action.CLICK, "o2", 9_000)        // covered
                .add("u2", Action.CLICK, "o2", 9_000);       // not covered
        TierTally t = run(log, tight, InferenceLatency.fixed(10, 2_000));
        assertEquals(1, t.calls());
        assertEquals(3, t.shed(), "u2's click and the two later clicks found no token");
        assertEquals(4, t.targets());
        assertEquals(1, t.covered());
    }

    @Test
    void of_recalls_fired_at_the_same_instant_the_one_that_saw_the_most_input_is_served() {
        HandBuiltLog log = new HandBuiltLog()
                .add("u1", Action.CLICK, "o1", 2_000)        // both fire at 2,000: [o2] ...
                .add("u1", Action.CLICK, "o4", 2_000)        // ... and, having seen o4 too, [o5]
                .add("u1", Action.CLICK, "o5", 9_000);
        TierTally t = run(log, INPUT_CHANGES, InferenceLatency.fixed(10, 2_000));
        assertEquals(3, t.targets());
        assertEquals(1, t.covered(), "a recall fired at 2,000 serves no behaviour stamped 2,000");
        assertEquals(1, t.hitsCovered());
    }
}
