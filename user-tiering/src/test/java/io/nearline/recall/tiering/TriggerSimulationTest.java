package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TriggerSimulationTest {

    static final String FIXTURE = "src/test/resources/fixtures/ml-mini";

    private static BehaviourLog generator;

    @BeforeAll
    static void smallGenerator() {
        generator = BehaviourLogs.open(BehaviourLogs.GENERATOR, BehaviourLogOptions.defaults().withUsers(300).withEvents(20_000));
    }

    private static TriggerRules shipped(String name) throws IOException {
        return TriggerRulesParser.parse(ShippedRulesTest.resource(name)).rules();
    }

    @Test
    void the_every_event_baseline_calls_once_per_behaviour_and_covers_everything() throws IOException {
        SimulationReport r = TriggerSimulation.run(shipped("every-event-rules.yaml"), generator, -1);
        assertEquals(20_000, r.figure("behaviours"));
        assertEquals(20_000, r.figure("inference calls"));
        assertEquals(100.0, r.figure("behaviours covered"), 1e-9);
        assertEquals(100.0, r.figure("users covered"), 1e-9);
    }

    @Test
    void tighter_rules_make_fewer_calls_and_figures_add_up_per_tier() throws IOException {
        SimulationReport def = TriggerSimulation.run(shipped("default-rules.yaml"), generator, -1);
        SimulationReport tight = TriggerSimulation.run(shipped("tight-rules.yaml"), generator, -1);
        SimulationReport strict = TriggerSimulation.run(shipped("strict-rules.yaml"), generator, -1);
        assertTrue(def.figure("inference calls") < 20_000);
        assertTrue(tight.figure("inference calls") < def.figure("inference calls"));
        assertTrue(strict.figure("inference calls") < tight.figure("inference calls"));
        assertTrue(strict.figure("covered within 1 h") < def.figure("covered within 1 h"));
        for (SimulationReport r : new SimulationReport[] {def, tight, strict}) {
            double calls = 0;
            double users = 0;
            for (String tier : new String[] {"bronze", "silver", "gold", "platinum"}) {
                calls += r.figure("tier " + tier + ": calls");
                users += r.figure("tier " + tier + ": users");
            }
            assertEquals(r.figure("inference calls"), calls, r.rulesVersion());
            assertEquals(r.figure("users"), users, r.rulesVersion());
            assertEquals(r.figure("fires"), r.figure("inference calls") + r.figure("shed"), r.rulesVersion());
        }
        assertEquals(0, strict.figure("tier bronze: calls"), "strict mutes bronze");
    }

    @Test
    void the_budget_in_the_replay_admits_by_priority_and_sheds_the_rest() throws IOException {
        TriggerRules rules = TriggerRulesParser.parse(
                java.nio.file.Path.of("src/test/resources/rules/tiny-budget-rules.yaml")).rules();
        BehaviourLog log = BehaviourLogs.open(FIXTURE, BehaviourLogOptions.defaults());
        SimulationReport r = TriggerSimulation.run(rules, log, -1);
        assertEquals(8, r.figure("fires"));
        assertEquals(3, r.figure("inference calls"), "the burst token, then one per second for the two queued");
        assertEquals(5, r.figure("shed: queue full"));
        assertEquals(3, r.figure("calls per hour (peak)"), "all three calls fall in one hour");
        assertEquals(1, r.figure("calls per second (peak)"));
        assertEquals(100.0 * 2 / 3, r.figure("users covered"), 1e-9, "u2's click lost its place to u3's conversion");
        assertEquals(100.0 * 3 / 8, r.figure("behaviours covered"), 1e-9);
        assertEquals(1000, r.figure("budget wait (mean)"), 1e-9, "waits of 0, 1000 and 2000 ms");
    }

    @Test
    void events_beyond_the_limit_are_not_replayed() throws IOException {
        SimulationReport r = TriggerSimulation.run(shipped("every-event-rules.yaml"), generator, 500);
        assertEquals(500, r.figure("behaviours"));
        assertEquals(500, r.figure("inference calls"));
    }
}
