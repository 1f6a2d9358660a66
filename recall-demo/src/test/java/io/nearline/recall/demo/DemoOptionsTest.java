package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(args)).getMessage();
    }

    @Test
    void help_isARequestNotAnError() {
        assertThrows(DemoOptions.HelpRequested.class, () -> DemoOptions.parse(new String[] {"--help"}));
        assertThrows(DemoOptions.HelpRequested.class, () -> DemoOptions.parse(new String[] {"--events", "5", "-h"}));
    }

    @Test
    void aNumberThatIsNot_namesItsFlag() {
        assertTrue(error("--rate", "abc").contains("'--rate'") && error("--rate", "abc").contains("'abc'"),
                error("--rate", "abc"));
        assertTrue(error("--parallelism", "0").startsWith("--parallelism must be positive"));
        assertTrue(error("--events", "99999999999999999999").contains("'--events'"));
        assertTrue(error("--parallelism", "300").startsWith("--parallelism is at most 256"));
    }

    @Test
    void aMissingSourceOrRulesFile_isRefusedBeforeAnythingStarts() {
        assertTrue(error("--source", "/nonexistent").contains("no such file or folder"));
        assertTrue(error("--rules", "/nonexistent.yaml").contains("no such file"));
        assertTrue(error("--rules", "builtin:nope.yaml").contains("no built-in rules"));
    }

    @Test
    void aBrokenRulesFile_isRefusedWithItsLines(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "version: v1\ntiers:\n  - name: gold\n    minArpu: abc\n");
        String message = error("--rules", rules.toString());
        assertTrue(message.contains("is not valid") && message.contains("line 4"), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void anUnknownModel_namesTheChoices() {
        assertEquals("--model is count, transformer or fusion, was gpt", error("--model", "gpt"));
    }

    @Test
    void anUnknownFlagOrAMissingValue_namesIt() {
        assertTrue(error("--evnets", "5").contains("--evnets"), error("--evnets", "5"));
        assertTrue(error("--events").contains("--events"), error("--events"));
    }

    @Test
    void theReadmeFlagTable_isTheFlagsTheDemoTakes() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        var spec = new picocli.CommandLine(new DemoOptions.Flags()).getCommandSpec();
        for (var option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String row = "| `" + option.longestName() + "` | `" + option.defaultValue() + "` | "
                    + String.join(" ", option.description()) + " |";
            assertTrue(readme.contains(row), "README lacks the row\n" + row);
        }
        assertTrue(DemoOptions.usage().contains("--warm-start"), DemoOptions.usage());
    }

    @Test
    void theDefaults_parse() {
        DemoOptions options = DemoOptions.parse(new String[0]);
        assertEquals("generator", options.source());
        assertEquals(20_000, options.events());
        assertEquals(DemoModel.COUNT, options.model());
        assertTrue(options.warmStart());
    }
}
