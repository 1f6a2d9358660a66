package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerRulesParserTest {

    private static final String VALID = """
            version: v7
            arpu:
              smoothing: 0.5
              hysteresis: 0.2
              unknownTier: mid
            grades:
              AD:
                CLICK: 5
            tiers:
              - name: low
                minArpu: 0
                everyN: 10
              - name: mid
                minArpu: 5
                fireAtGrade: 4
                debounceMs: 1_000
              - name: high
                minArpu: 50.5
                dailyCap: 3
            budget:
              requestsPerSecond: 12.5
            """;

    private static RuleError onlyError(String yaml) {
        RulesParseResult result = TriggerRulesParser.parse(yaml);
        assertFalse(result.isValid(), "should be rejected:\n" + yaml);
        assertEquals(1, result.errors().size(), result.describeErrors());
        return result.errors().get(0);
    }

    /** The valid file with one line replaced (1-based). */
    private static String withLine(int line, String replacement) {
        List<String> lines = new java.util.ArrayList<>(VALID.lines().toList());
        lines.set(line - 1, replacement);
        return String.join("\n", lines) + "\n";
    }

    @Test
    void a_valid_file_gives_every_field_with_defaults_for_the_rest() {
        TriggerRules rules = TriggerRulesParser.parse(VALID).rules();
        assertEquals("v7", rules.version());
        assertEquals(new ArpuRules(0.5, 0.2, "mid"), rules.arpu());
        assertEquals(5, rules.grades().of(Domain.AD, Action.CLICK));
        assertEquals(4, rules.grades().of(Domain.AD, Action.CONVERSION), "untouched grades keep their defaults");
        assertEquals(List.of("low", "mid", "high"), rules.tiers().stream().map(UserTier::name).toList());
        UserTier mid = rules.tiers().get(1);
        assertEquals(new UserTier("mid", 1, 5, 4, 0, 0, 1000, 0, 0, UserTier.UNLIMITED), mid);
        assertEquals(UserTier.NEVER, rules.tiers().get(0).fireAtGrade());
        assertEquals(3, rules.tiers().get(2).dailyCap());
        assertEquals(new BudgetRules(12.5, 13, TieringOptions.DEFAULT_QUEUE_CAPACITY, TieringOptions.DEFAULT_MAX_WAIT_MS),
                rules.budget());
    }

    @Test
    void replaceQueued_is_read_from_the_budget_and_off_by_default() {
        assertFalse(TriggerRulesParser.parse(VALID).rules().budget().replaceQueued());
        String on = VALID + "  replaceQueued: true\n";
        assertTrue(TriggerRulesParser.parse(on).rules().budget().replaceQueued(),
                TriggerRulesParser.parse(on).describeErrors());
        RuleError e = onlyError(VALID + "  replaceQueued: sometimes\n");
        assertEquals("budget.replaceQueued", e.path());
    }

    @Test
    void a_burst_below_one_milliseconds_tokens_is_refused_since_the_rate_could_not_be_reached() {
        String yaml = VALID.replace("  requestsPerSecond: 12.5\n", "  requestsPerSecond: 5000\n  burst: 4\n");
        RuleError e = onlyError(yaml);
        assertEquals("budget.burst", e.path());
        assertTrue(e.reason().contains("below 5"), e.reason());
        assertTrue(TriggerRulesParser.parse(yaml.replace("burst: 4", "burst: 5")).isValid());
    }

    @Test
    void an_unknown_field_is_named_with_its_line() {
        RuleError e = onlyError(withLine(12, "    evryN: 10"));
        assertEquals(12, e.line());
        assertEquals("tiers[0].evryN", e.path());
        assertTrue(e.reason().startsWith("unknown field 'evryN'"), e.reason());
    }

    @Test
    void overlapping_tiers_are_rejected_at_the_second_tier() {
        RuleError e = onlyError(withLine(14, "    minArpu: 0"));
        assertEquals(14, e.line());
        assertTrue(e.reason().contains("overlaps tier 'low' (line 10)"), e.reason());
    }

    @Test
    void unordered_tiers_are_rejected() {
        RuleError e = onlyError(withLine(18, "    minArpu: 4"));
        assertEquals(18, e.line());
        assertTrue(e.reason().contains("ascending minArpu"), e.reason());
    }

    @Test
    void a_first_tier_above_zero_would_leave_users_without_a_tier() {
        RuleError e = onlyError(withLine(11, "    minArpu: 1"));
        assertEquals(11, e.line());
        assertTrue(e.reason().contains("must start at minArpu 0"), e.reason());
    }

    @Test
    void a_budget_above_the_hard_ceiling_is_rejected() {
        RuleError e = onlyError(withLine(21, "  requestsPerSecond: 50000"));
        assertEquals(21, e.line());
        assertEquals("budget.requestsPerSecond", e.path());
        assertTrue(e.reason().contains("hard ceiling of 5000"), e.reason());
    }

    @Test
    void negative_windows_are_rejected() {
        RuleError e = onlyError(withLine(16, "    debounceMs: -5"));
        assertEquals(16, e.line());
        assertTrue(e.reason().contains("must not be negative"), e.reason());
    }

    @Test
    void unknown_action_and_domain_names_are_rejected() {
        RuleError action = onlyError(withLine(8, "    TAP: 5"));
        assertEquals(8, action.line());
        assertTrue(action.reason().contains("unknown field 'TAP'") && action.reason().contains("CONVERSION"), action.reason());
        RuleError domain = onlyError(withLine(7, "  SEARCH:"));
        assertEquals(7, domain.line());
        assertTrue(domain.reason().contains("'SEARCH'"), domain.reason());
    }

    @Test
    void missing_required_fields_are_reported_at_the_enclosing_mapping() {
        RuleError version = onlyError(VALID.replace("version: v7\n", ""));
        assertEquals("version", version.path());
        assertTrue(version.reason().contains("missing required field"));
        RuleError name = onlyError(withLine(13, "  - minArpu: 5").replace("    minArpu: 5\n", ""));
        assertEquals(13, name.line());
        assertEquals("tiers[1].name", name.path());
        RuleError rate = onlyError(withLine(21, "  burst: 10"));
        assertEquals(21, rate.line(), "the budget mapping starts at its first key");
        assertEquals("budget.requestsPerSecond", rate.path());
    }

    @Test
    void wrong_types_duplicates_and_dangling_references_are_rejected_with_lines() {
        assertEquals(12, onlyError(withLine(12, "    everyN: lots")).line());
        assertEquals(12, onlyError(withLine(12, "    everyN: 2.5")).line());
        RuleError dup = onlyError(withLine(12, "    name: again"));
        assertTrue(dup.reason().contains("given twice (first at line 10)"), dup.reason());
        RuleError unknownTier = onlyError(withLine(5, "  unknownTier: gold"));
        assertEquals(5, unknownTier.line());
        assertTrue(unknownTier.reason().contains("no tier is named 'gold'"));
        RuleError sameName = onlyError(withLine(13, "  - name: low"));
        assertEquals(13, sameName.line());
        assertTrue(sameName.reason().contains("already used at line 10"), sameName.reason());
        RuleError grade = onlyError(withLine(8, "    CLICK: 10"));
        assertTrue(grade.reason().contains("at most 9"), grade.reason());
    }

    @Test
    void every_error_of_a_file_is_reported_in_line_order() {
        String yaml = withLine(12, "    everyN: -1").replace("    minArpu: 50.5", "    minArpu: 2")
                .replace("  hysteresis: 0.2", "  hysteresis: 1.5");
        RulesParseResult result = TriggerRulesParser.parse(yaml);
        assertEquals(List.of(4, 12, 18), result.errors().stream().map(RuleError::line).toList(), result.describeErrors());
    }

    @Test
    void broken_yaml_and_empty_files_are_errors_not_exceptions() {
        RuleError syntax = onlyError(withLine(15, "    fireAtGrade: [4"));
        assertTrue(syntax.line() >= 15, syntax.toString());
        assertTrue(syntax.reason().startsWith("not valid YAML"), syntax.reason());
        assertEquals(1, onlyError("").line());
        assertTrue(onlyError("- a list\n").reason().contains("expected a mapping"));
        assertEquals(0, TriggerRulesParser.parse(Path.of("no/such/file.yaml")).errors().get(0).line());
    }

    @Test
    void an_empty_value_asks_to_delete_the_line_rather_than_guessing() {
        RuleError e = onlyError(withLine(19, "    dailyCap:"));
        assertEquals(19, e.line());
        assertTrue(e.reason().contains("no value"), e.reason());
    }

    @Test
    void the_input_change_strategies_are_read_and_a_non_boolean_is_rejected_with_its_line() {
        UserTier low = TriggerRulesParser.parse(withLine(12, "    onlyInputChanges: true\n    fireOnFirstSight: true"
                + "\n    refreshAfterMs: 3_600_000")).rules().tiers().get(0);
        assertTrue(low.onlyInputChanges());
        assertTrue(low.fireOnFirstSight());
        assertEquals(3_600_000, low.refreshAfterMs());
        UserTier mid = TriggerRulesParser.parse(VALID).rules().tiers().get(1);
        assertFalse(mid.onlyInputChanges() || mid.fireOnFirstSight());
        assertEquals(0, mid.refreshAfterMs());
        RuleError yes = onlyError(withLine(12, "    onlyInputChanges: yes"));
        assertEquals(12, yes.line());
        assertTrue(yes.reason().contains("expected true or false, got 'yes'"), yes.reason());
        assertEquals(12, onlyError(withLine(12, "    refreshAfterMs: -5")).line());
    }
}
