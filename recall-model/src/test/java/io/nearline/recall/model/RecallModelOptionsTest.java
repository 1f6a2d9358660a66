package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecallModelOptionsTest {

    @Test
    void theReadmeTableListsEveryOptionWithItsDefault() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `")).toList();
        assertEquals(RecallModelOptions.all().size(), rows.size(), "rows: " + rows);
        for (int i = 0; i < rows.size(); i++) {
            RecallModelOptions.Option option = RecallModelOptions.all().get(i);
            assertTrue(rows.get(i).startsWith("| `" + option.key() + "` | `" + option.defaultValue() + "` |"),
                    rows.get(i));
        }
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        for (Map.Entry<String, String> bad : Map.of("history.decay", "1.5", "transitions.window", "zero",
                "popularity.smoothing", "0", "train.events", "some", "evaluation.beam-width", "5",
                "model.version", "two words", "no.such.key", "1").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RecallModelOptions.of(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void defaultsParse() {
        RecallModelOptions options = RecallModelOptions.defaults();
        assertArrayEquals(new int[] {5, 10}, options.cutoffs());
        assertEquals(List.of("Earlier ads:", "Recent ads:"), options.itemLabels());
        assertEquals(false, options.trainOnAllEvents());
    }
}
