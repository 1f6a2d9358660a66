package io.nearline.recall.prompt;

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
    void theReadmeTableListsEveryOptionWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (PromptOptions.Spec spec : PromptOptions.SPECS) {
            String shown = spec.defaultValue().isEmpty() ? "(empty)" : "`" + spec.defaultValue() + "`";
            String row = "| `" + spec.key() + "` | " + shown + " |";
            assertTrue(readme.contains(row), "README lacks the row starting " + row);
        }
    }
}
