package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.config.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every job option with its real default. */
class ReadmeConfigurationTest {

    static String keyAndDefault(ConfigOption<?> option) {
        Object value = option.defaultValue();
        String shown = value instanceof Duration ? TimeUtils.formatWithHighestUnit((Duration) value) : String.valueOf(value);
        return "| `" + option.key() + "` | `" + shown + "` |";
    }

    @Test
    void everyJobOption_appearsInTheReadmeTableWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        StringBuilder missing = new StringBuilder();
        for (ConfigOption<?> option : JobOptions.all()) {
            if (!readme.contains(keyAndDefault(option))) {
                missing.append(keyAndDefault(option)).append(' ')
                        .append(new HtmlFormatter().format(option.description())).append(" |\n");
            }
        }
        assertTrue(missing.length() == 0, "README.md lacks these rows:\n" + missing);
    }

    @Test
    void everyOptionGroupTheJobReads_isDocumentedInTheTopOrAModuleReadme() throws Exception {
        StringBuilder readmes = new StringBuilder(Files.readString(Path.of("..", "README.md")));
        for (String module : new String[] {"redis-cache", "triton-client", "recall-prompts", "semantic-ids"}) {
            readmes.append(Files.readString(Path.of("..", module, "README.md")));
        }
        StringBuilder missing = new StringBuilder();
        for (ConfigOption<?> option : JobArguments.documented()) {
            String text = OptionValues.defaultText(option);
            String row = "| `" + option.key() + "` | " + (text.isEmpty() ? "(empty)" : "`" + text + "`") + " |";
            String jobRow = keyAndDefault(option);
            if (!readmes.toString().contains(row) && !readmes.toString().contains(jobRow)) {
                missing.append(row).append('\n');
            }
        }
        assertTrue(missing.length() == 0, "no README documents these options:\n" + missing);
    }
}
