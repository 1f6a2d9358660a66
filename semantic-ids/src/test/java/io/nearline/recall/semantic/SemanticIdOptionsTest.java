package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SemanticIdOptionsTest {

    @Test
    void theReadmeTableListsEveryOptionWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (SemanticIdOptions.Option option : SemanticIdOptions.all()) {
            assertTrue(readme.contains("| `" + option.key() + "` | `" + option.defaultValue() + "` |"),
                    "README row for " + option.key());
        }
    }

    @Test
    void defaultsAreFourLevelsOf256Codes() {
        SemanticIdOptions options = SemanticIdOptions.defaults();
        assertEquals(4, options.levels());
        assertEquals(256, options.codes());
        assertEquals(List.of("title", "category", "genres", "brand", "industry"), options.textKeys());
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedByName() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> SemanticIdOptions.of(Map.of("levels", "4")));
        assertTrue(unknown.getMessage().contains("unknown option 'levels'"));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> SemanticIdOptions.of(Map.of("quantiser.codes", "many")));
        assertTrue(bad.getMessage().contains("quantiser.codes"));
        assertThrows(IllegalArgumentException.class, () -> SemanticIdOptions.of(Map.of("quantiser.max-load", "0.5")));
        assertThrows(IllegalArgumentException.class,
                () -> SemanticIdOptions.of(Map.of("collision.always-suffix", "yes")));
    }
}
