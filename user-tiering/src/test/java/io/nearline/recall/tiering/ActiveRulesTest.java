package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ActiveRulesTest {

    @Test
    void a_bad_update_is_rejected_with_its_errors_and_the_old_rules_stay_in_force() throws IOException {
        String good = ShippedRulesTest.resource("default-rules.yaml");
        ActiveRules active = ActiveRules.of(good);
        RulesTriggerPolicy before = active.policy();
        String bad = good.replace("version: \"default-1\"", "version: \"default-2\"")
                .replace("requestsPerSecond: 200", "requestsPerSecond: 200000");
        ActiveRules.Update update = active.update(bad);
        assertEquals(ActiveRules.Outcome.REJECTED, update.outcome());
        assertEquals("default-1", update.versionInForce());
        assertTrue(update.errors().get(0).reason().contains("hard ceiling"), update.errors().toString());
        assertSame(before, active.policy());
        assertEquals(good, active.text());
        assertEquals(1, active.rejectedUpdates());
    }

    @Test
    void a_valid_update_with_a_new_version_takes_over_and_keeps_the_counters() throws IOException {
        ActiveRules active = ActiveRules.of(ShippedRulesTest.resource("default-rules.yaml"));
        active.policy().onBehaviour(null, Scripted.ad(Action.CONVERSION, Scripted.T0), new TriggerState());
        String tight = ShippedRulesTest.resource("tight-rules.yaml");
        ActiveRules.Update update = active.update(tight);
        assertEquals(ActiveRules.Outcome.APPLIED, update.outcome());
        assertEquals("tight-1", active.version());
        assertEquals("tight-1", active.policy().rulesVersion());
        assertEquals(1L, active.counters().fired("silver"), "counted under the old rules, still visible");
        active.policy().onBehaviour(null, Scripted.ad(Action.CONVERSION, Scripted.T0), new TriggerState());
        assertEquals(2L, active.counters().fired("silver"));
    }

    @Test
    void an_update_carrying_the_version_in_force_changes_nothing() throws IOException {
        String good = ShippedRulesTest.resource("default-rules.yaml");
        ActiveRules active = ActiveRules.of(good);
        RulesTriggerPolicy before = active.policy();
        ActiveRules.Update update = active.update(good.replace("everyN: 20", "everyN: 2"));
        assertEquals(ActiveRules.Outcome.UNCHANGED, update.outcome());
        assertSame(before, active.policy());
        assertEquals(20, active.rules().tiers().get(0).everyN());
    }
}
