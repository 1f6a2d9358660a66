package io.nearline.recall.semantic;

import io.nearline.recall.config.OptionValues;
import org.apache.flink.configuration.ConfigOption;
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
        for (ConfigOption<?> option : SemanticIdOptions.all()) {
            assertTrue(readme.contains(OptionValues.tableRow(option)), "README row for " + option.key());
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

    @Test
    void valuesAreCheckedAgainstEachOtherWhateverTheirOrder() {
        // diversity.prefix-length may be at most levels + 1: read together, not one key at a time
        SemanticIdOptions options = SemanticIdOptions.of(new java.util.LinkedHashMap<>(Map.of(
                "diversity.prefix-length", "6", "quantiser.levels", "5")));
        assertEquals(6, options.diversityPrefixLength());
        assertEquals(6, SemanticIdOptions.defaults().with("quantiser.levels", "5")
                .with("diversity.prefix-length", "6").diversityPrefixLength());
    }
}
