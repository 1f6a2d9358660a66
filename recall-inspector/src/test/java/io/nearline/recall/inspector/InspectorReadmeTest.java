package io.nearline.recall.inspector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.config.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The module README's option table lists every inspector option with its real default and meaning. */
class InspectorReadmeTest {

    @Test
    void everyOption_appearsInTheReadmeTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        StringBuilder missing = new StringBuilder();
        for (ConfigOption<?> option : InspectorOptions.ALL) {
            String text = OptionValues.defaultText(option);
            String row = "| `" + option.key() + "` | " + (text.isEmpty() ? "(empty)" : "`" + text + "`") + " | "
                    + OptionValues.description(option) + " |";
            if (!readme.contains(row)) {
                missing.append(row).append('\n');
            }
        }
        assertTrue(missing.length() == 0, "README.md lacks these rows:\n" + missing);
    }
}
