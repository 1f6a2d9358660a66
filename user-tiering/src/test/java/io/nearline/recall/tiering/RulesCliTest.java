package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RulesCliTest {

    private static final String BAD = "src/test/resources/rules/bad-rules.yaml";
    private static final String TINY = "src/test/resources/rules/tiny-budget-rules.yaml";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new RulesCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validate_accepts_a_good_file_and_names_its_version() {
        assertEquals(0, run("validate", "builtin:default-rules.yaml"));
        assertTrue(out().contains("valid, version default-1, 4 tiers (bronze, silver, gold, platinum)"), out());
        assertTrue(out().contains("arms: control 100% (buckets 0-9999; the job's settings)"), out());
    }

    @Test
    void validate_lists_the_arms_with_their_shares_buckets_and_changes() {
        assertEquals(0, run("validate", "builtin:two-arm-rules.yaml"));
        assertTrue(out().contains("arms: control 50% (buckets 0-4999; the job's settings), "
                + "narrow 50% (buckets 5000-9999; beam width 10, 10 returned)"), out());
    }

    @Test
    void validate_rejects_a_bad_file_naming_file_line_and_reason_for_every_error() {
        assertEquals(1, run("validate", BAD));
        String e = err();
        assertTrue(e.contains(BAD + ":8: tiers[1].minArpu: overlaps tier 'low' (line 4)"), e);
        assertTrue(e.contains(BAD + ":9: tiers[1].cooldownMS: unknown field 'cooldownMS'"), e);
        assertTrue(e.contains("2 error(s); nothing applied"), e);
    }

    @Test
    void simulate_on_the_generator_prints_calls_per_tier_hour_and_second() {
        assertEquals(0, run("simulate", "builtin:default-rules.yaml", "--events", "3000", "--hourly"));
        String o = out();
        assertTrue(o.contains("rules: default-1") && o.contains("log:   generator(seed=42)"), o);
        assertTrue(o.matches("(?s).*behaviours\\s+3000\\n.*"), o);
        for (String figure : new String[] {"inference calls", "calls per hour (peak)", "calls per second (peak)",
            "users covered", "behaviours covered", "tier platinum: calls", "shed: max wait", "inference calls per hour:"}) {
            assertTrue(o.contains(figure), figure + " missing in\n" + o);
        }
    }

    @Test
    void simulate_on_a_dataset_fixture_reports_what_the_budget_shed() {
        assertEquals(0, run("simulate", TINY, "--source", TriggerSimulationTest.FIXTURE));
        String o = out();
        assertTrue(o.contains("log:   movielens-100k"), o);
        assertTrue(o.matches("(?s).*inference calls\\s+3\\n.*"), o);
        assertTrue(o.matches("(?s).*shed: queue full\\s+5\\n.*"), o);
    }

    @Test
    void diff_compares_two_rule_sets_on_the_same_log() {
        assertEquals(0, run("diff", "builtin:every-event-rules.yaml", TINY, "--source", TriggerSimulationTest.FIXTURE));
        String o = out();
        assertTrue(o.contains("every-event-1") && o.contains("tiny-budget-1"), o);
        assertTrue(o.matches("(?s).*inference calls\\s+8\\s+3\\s+-62\\.5%\\n.*"), o);
    }

    @Test
    void publish_refuses_invalid_rules_before_contacting_kafka() {
        assertEquals(1, run("publish", BAD, "--bootstrap", "127.0.0.1:1"));
        assertTrue(err().contains("nothing applied"), err());
        assertTrue(out().isEmpty());
    }

    @Test
    void bad_usage_exits_2_with_one_line_naming_the_problem() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate", "x"));
        assertEquals(2, run("publish", "builtin:default-rules.yaml"));
        assertEquals(2, run("simulate", "builtin:default-rules.yaml", "--events"));
        assertEquals(2, run("simulate", "builtin:default-rules.yaml", "--source", "/no/such/dataset"));
        java.util.List<String> lines = err().lines().toList();
        assertEquals(5, lines.size(), err());
        assertTrue(lines.stream().allMatch(line -> line.endsWith("(--help lists the arguments)")), err());
        assertTrue(lines.get(0).contains("no command"), err());
        assertTrue(lines.get(1).contains("frobnicate"), err());
        assertTrue(lines.get(2).contains("--bootstrap"), err());
        assertTrue(lines.get(3).contains("--events"), err());
        assertTrue(err().contains("does not exist"), err());
    }

    @Test
    void help_lists_every_command_and_exits_0() {
        assertEquals(0, run("--help"));
        for (String command : java.util.List.of("validate", "simulate", "diff", "publish")) {
            assertTrue(out().contains(command), out());
        }
        assertEquals(0, run("simulate", "--help"));
        assertTrue(out().contains("--hourly") && out().contains("--source"), out());
    }

    @Test
    void a_missing_rules_file_is_reported_not_thrown() {
        assertEquals(1, run("validate", "no/such/rules.yaml"));
        assertTrue(err().contains("no/such/rules.yaml: cannot read"), err());
    }
}
