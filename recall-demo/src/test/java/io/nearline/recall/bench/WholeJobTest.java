package io.nearline.recall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.tiering.RulesParseResult;
import io.nearline.recall.tiering.RulesText;
import io.nearline.recall.tiering.TriggerRules;
import io.nearline.recall.tiering.TriggerRulesParser;
import org.junit.jupiter.api.Test;

/** The whole job's bench rules: the default rules, only their budget raised to the ceiling. */
class WholeJobTest {

    @Test
    void theUnbudgetedRulesAreTheDefaultOnesWithTheBudgetAtItsCeiling() {
        String text = RulesText.load("builtin:default-rules.yaml");
        TriggerRules defaults = TriggerRulesParser.parse(text).rules();
        RulesParseResult unbudgeted = TriggerRulesParser.parse(WholeJob.unbudgeted(text));
        assertTrue(unbudgeted.isValid(), unbudgeted.toString());
        assertEquals(5000.0, unbudgeted.rules().budget().requestsPerSecond());
        assertEquals(50_000, unbudgeted.rules().budget().burst());
        assertEquals(defaults.tiers(), unbudgeted.rules().tiers());
    }
}
