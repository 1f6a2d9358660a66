package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of broken rules files, as an ops engineer's slip or an attacker on the control topic would
 * write them: the parser never throws, and each rejection names a line and a reason.
 */
class RulesFuzzTest {

    private static final String[] JUNK = {"\t", ":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!python/object ", "\u0000",
            "1e999", "-1", "NaN", "~", "\"", "'", "#", "\n  ", "\n- ", "9999999999999999999999", "\uFFFF", "%YAML 9.9\n"};

    @Test
    void mutatedRulesFiles_areParsedOrRejectedWithALineAndAReason_neverThrown() throws IOException {
        String shipped = shipped("default-rules.yaml");
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            String mutated = mutate(shipped, random);
            RulesParseResult result = parseSafely(mutated);
            if (!result.isValid()) {
                rejected++;
                assertFalse(result.errors().isEmpty());
                for (RuleError error : result.errors()) {
                    assertTrue(error.line() >= 1, "error without a line: " + error);
                    assertFalse(error.reason().isBlank(), "error without a reason: " + error);
                }
            }
        }
        assertTrue(rejected > 2_500, "most mutations break the rules, " + rejected + " were rejected");
        System.out.println("[rules-fuzz] 5000 mutated rules files: " + rejected + " rejected with lines and reasons, "
                + (5_000 - rejected) + " still valid, none thrown");
    }

    @Test
    void yamlBombsAndHostileDocuments_areRejected() {
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            laughs.append(c).append(": &").append(c).append(" [");
            for (int k = 0; k < 9; k++) {
                laughs.append(k == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            laughs.append("]\n");
        }
        List<String> hostile = new ArrayList<>(List.of(laughs.toString(),
                "[".repeat(10_000) + "]".repeat(10_000),
                "version: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]",
                "version: " + "9".repeat(100_000),
                "\uFEFF\u0000\u0001",
                "---\n---\n---\n"));
        for (String document : hostile) {
            RulesParseResult result = parseSafely(document);
            assertFalse(result.isValid(), document.substring(0, Math.min(60, document.length())));
            assertTrue(result.errors().stream().allMatch(e -> e.line() >= 1 && !e.reason().isBlank()), result.toString());
        }
    }

    private static RulesParseResult parseSafely(String yaml) {
        try {
            return TriggerRulesParser.parse(yaml);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("the parser threw on:\n" + yaml.substring(0, Math.min(400, yaml.length())), e);
        }
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.insert(at, JUNK[random.nextInt(JUNK.length)]);
                case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(20)));
                case 2 -> out.setCharAt(at, (char) (32 + random.nextInt(95)));
                default -> {
                    String[] lines = out.toString().split("\n", -1);
                    int a = random.nextInt(lines.length);
                    int b = random.nextInt(lines.length);
                    String swap = lines[a];
                    lines[a] = lines[b];
                    lines[b] = swap;
                    out = new StringBuilder(String.join("\n", lines));
                }
            }
        }
        return out.toString();
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = RulesFuzzTest.class.getResourceAsStream("/rules/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
