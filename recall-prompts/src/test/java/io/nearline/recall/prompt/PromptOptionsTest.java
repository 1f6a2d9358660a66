package io.nearline.recall.prompt;

import io.nearline.recall.config.OptionValues;
import org.apache.flink.configuration.ConfigOption;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptOptionsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        PromptOptions o = PromptOptions.defaults();
        assertEquals(30 * 60_000L, o.repeatWindowMs);
        assertEquals(PromptOptions.RunKey.SID_PREFIX, o.runKey);
        assertEquals(512, o.maxTokens);
        assertEquals(java.util.List.of("category", "content_category"), o.categoryAttributes);
    }

    @Test
    void anUnknownKeyOrABadValueIsAnErrorNamingTheKey() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> PromptOptions.of(Map.of("prompt.nope", "1")));
        assertTrue(unknown.getMessage().contains("prompt.nope"));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> PromptOptions.of(Map.of("prompt.clean.run-key", "WORDS")));
        assertTrue(bad.getMessage().contains("prompt.clean.run-key=WORDS"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromptOptions.of(Map.of("prompt.budget.low-water", "1.5")));
        assertThrows(IllegalArgumentException.class, () -> PromptOptions.of(Map.of("prompt.layout.block-size", "0")));
        var order = assertThrows(IllegalArgumentException.class,
                () -> PromptOptions.of(Map.of("prompt.layout.block-size", "40")));
        assertTrue(order.getMessage().contains("recent-max"));
    }

    @Test
    void windowsAreDurationsInFlinksSyntaxAndTheOldMillisecondKeysStillRead() {
        assertEquals(90_000L, PromptOptions.of(Map.of("prompt.clean.repeat-window", "90 s")).repeatWindowMs);
        assertEquals(2 * 3_600_000L, PromptOptions.of(Map.of("prompt.clean.attribution-window", "2h")).attributionWindowMs);
        assertEquals(1_234L, PromptOptions.of(Map.of("prompt.clean.repeat-window-ms", "1234")).repeatWindowMs);
        assertEquals(0L, PromptOptions.of(Map.of("prompt.clean.repeat-window-ms", "1234"))
                .with("prompt.clean.repeat-window", "0 ms").repeatWindowMs);
    }

    @Test
    void theReadmeTableListsEveryOptionWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigOption<?> option : PromptOptions.ALL) {
            String text = OptionValues.defaultText(option);
            String shown = text.isEmpty() ? "(empty)" : "`" + text + "`";
            String row = "| `" + option.key() + "` | " + shown + " |";
            assertTrue(readme.contains(row), "README lacks the row starting " + row);
        }
    }
}
