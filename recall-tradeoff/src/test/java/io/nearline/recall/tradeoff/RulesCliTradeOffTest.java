package io.nearline.recall.tradeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.tiering.RulesCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code RulesCli simulate} with this module on the class path ends with the rule set's trade-off table. */
class RulesCliTradeOffTest {

    @Test
    void simulate_prints_the_rules_figures_then_the_trade_off_against_every_event_rules() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new RulesCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("simulate", "builtin:input-change-rules.yaml", "--events", "6000", "--seed", "3");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("Trade-off in event time against every-event rules"), text);
        List<String> rows = text.lines().filter(l -> l.startsWith("| every-event-1 |") || l.startsWith("| input-change-1 |"))
                .toList();
        assertTrue(rows.size() >= 2, "a row per rule set in the overall table:\n" + text);
        assertTrue(rows.get(0).startsWith("| every-event-1 | 1000.0 | 1.0x |"), "the baseline calls on every event: " + rows.get(0));
        double inputChangeCalls = Double.parseDouble(rows.get(1).split("\\|")[2].trim());
        assertTrue(inputChangeCalls < 1000.0, "input-change rules call less: " + rows.get(1));
        assertTrue(text.indexOf("Trade-off in event time") > text.indexOf("rules: "),
                "the rules' own figures come first:\n" + text);
    }
}
