package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArmsParserTest {

    private static final String HEAD = """
            version: v1
            tiers:
              - name: all
                minArpu: 0
                everyN: 1
            budget:
              requestsPerSecond: 10
            """;

    private static RulesParseResult parse(String arms) {
        return TriggerRulesParser.parse(HEAD + arms);
    }

    private static RuleError onlyError(String arms) {
        RulesParseResult result = parse(arms);
        assertFalse(result.isValid(), "should be rejected:\n" + arms);
        assertEquals(1, result.errors().size(), result.describeErrors());
        return result.errors().get(0);
    }

    @Test
    void arms_are_read_with_their_overrides_and_consecutive_buckets() {
        Experiment experiment = parse("""
                arms:
                  - name: control
                    share: 0.25
                  - name: wide
                    share: 0.75
                    description: more beams on another model
                    beamWidth: 64
                    returnedSequences: 20
                    modelName: recall_llm
                    modelVersion: "3"
                """).rules().experiment();
        assertEquals(List.of(new Arm("control", 0, 2500, 0, 0, "", ""),
                new Arm("wide", 2500, 7500, 64, 20, "recall_llm", "3")), experiment.arms());
    }

    @Test
    void rules_without_arms_have_one_implicit_arm() {
        assertEquals(Experiment.single().arms(), parse("").rules().experiment().arms());
    }

    @Test
    void shares_that_do_not_add_up_to_one_are_rejected_at_the_list() {
        RuleError error = onlyError("""
                arms:
                  - name: a
                    share: 0.5
                  - name: b
                    share: 0.4
                """);
        assertEquals(9, error.line());
        assertEquals("arms", error.path());
        assertTrue(error.reason().contains("add up to 0.9"), error.reason());
    }

    @Test
    void a_share_finer_than_a_bucket_is_rejected_at_its_line() {
        RuleError error = onlyError("""
                arms:
                  - name: a
                    share: 0.33333
                  - name: b
                    share: 0.5
                """);
        assertEquals(10, error.line());
        assertEquals("arms[0].share", error.path());
        assertTrue(error.reason().contains("a multiple of 0.0001"), error.reason());
    }

    @Test
    void a_duplicate_name_names_the_first_line() {
        RuleError error = onlyError("""
                arms:
                  - name: a
                    share: 0.5
                  - name: a
                    share: 0.5
                """);
        assertEquals(11, error.line());
        assertTrue(error.reason().contains("already used at line 9"), error.reason());
    }

    @Test
    void malformed_names_fields_and_counts_are_each_reported() {
        RulesParseResult result = parse("""
                arms:
                  - name: "Bad Name"
                    share: 1
                    beamWidth: 4
                    returnedSequences: 5
                    temperature: 2
                """);
        assertFalse(result.isValid());
        assertEquals(List.of("arms[0].name", "arms[0].returnedSequences", "arms[0].temperature"),
                result.errors().stream().map(RuleError::path).toList(), result.describeErrors());
    }

    @Test
    void a_zero_share_and_an_empty_list_are_rejected() {
        assertEquals("arms[0].share", onlyError("""
                arms:
                  - name: a
                    share: 0
                  - name: b
                    share: 1
                """).path());
        assertEquals("arms", onlyError("arms: []\n").path());
    }

    @Test
    void a_bad_arms_update_leaves_the_rules_in_force() {
        ActiveRules active = ActiveRules.of(HEAD + "arms:\n  - name: a\n    share: 1\n");
        ActiveRules.Update update = active.update(HEAD.replace("v1", "v2") + "arms:\n  - name: a\n    share: 0.5\n");
        assertEquals(ActiveRules.Outcome.REJECTED, update.outcome());
        assertEquals("v1", active.version());
        assertEquals("a", active.rules().experiment().armOf("u1").name());
    }
}
