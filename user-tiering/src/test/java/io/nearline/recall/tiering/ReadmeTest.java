package io.nearline.recall.tiering;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeTest {

    @Test
    void the_readme_documents_every_rules_field_and_cli_option_with_its_default() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (TieringOptions.Option o : TieringOptions.RULE_FIELDS) {
            String row = "| `" + o.key() + "` | " + o.defaultValue() + " | " + o.meaning() + " |";
            assertTrue(readme.contains(row), "README lacks the row\n" + row);
        }
        for (TieringOptions.Option o : TieringOptions.CLI_OPTIONS) {
            String row = "| `" + o.key() + "` | " + o.defaultValue() + " | " + o.meaning() + " |";
            assertTrue(readme.contains(row), "README lacks the row\n" + row);
        }
    }
}
