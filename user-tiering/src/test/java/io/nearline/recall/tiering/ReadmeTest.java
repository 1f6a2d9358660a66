package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ReadmeTest {

    @Test
    void the_readme_documents_every_rules_field_and_cli_option_with_its_default() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (TieringOptions.RuleField o : TieringOptions.RULE_FIELDS) {
            String row = "| `" + o.key() + "` | " + o.defaultValue() + " | " + o.meaning() + " |";
            assertTrue(readme.contains(row), "README lacks the row\n" + row);
        }
        for (String row : cliRows().values()) {
            assertTrue(readme.contains(row), "README lacks the row\n" + row);
        }
    }

    /** One row per option of the CLI's subcommands (help and version left out), from its picocli spec. */
    static Map<String, String> cliRows() {
        CommandLine cli = new CommandLine(new RulesCli(new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream())));
        Map<String, String> rows = new LinkedHashMap<>();
        for (CommandLine sub : cli.getSubcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String shown = option.required() ? "required"
                        : option.type() == boolean.class ? "off"
                        : option.defaultValue() == null ? "(none)" : option.defaultValue();
                rows.putIfAbsent(option.longestName(), "| `" + option.longestName() + "` | " + shown + " | "
                        + String.join(" ", option.description()) + " |");
            }
        }
        return rows;
    }
}
