package io.nearline.recall.model;

import io.nearline.recall.config.OptionValues;
import org.apache.flink.configuration.ConfigOption;
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
            ConfigOption<?> option = RecallModelOptions.all().get(i);
            assertTrue(rows.get(i).startsWith(OptionValues.tableRow(option)), rows.get(i));
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
    void theBeamWidthIsCheckedAgainstTheCutoffsWhateverTheOrderOfTheArguments() {
        for (String[] args : List.of(
                new String[] {"generator", "evaluation.beam-width=300", "evaluation.cutoffs=10,50,100,300"},
                new String[] {"generator", "evaluation.cutoffs=10,50,100,300", "evaluation.beam-width=300"})) {
            RecallModelOptions options = EvaluationArgs.parse(args).modelOptions();
            assertEquals(300, options.beamWidth());
            assertArrayEquals(new int[] {10, 50, 100, 300}, options.cutoffs());
        }
        assertEquals(300, RecallModelOptions.of(Map.of("evaluation.cutoffs", "10,300", "evaluation.beam-width", "300"))
                .beamWidth());
        IllegalArgumentException tooNarrow = assertThrows(IllegalArgumentException.class,
                () -> RecallModelOptions.of(Map.of("evaluation.beam-width", "50", "evaluation.cutoffs", "10,300")));
        assertEquals("evaluation.beam-width (50) must be at least the largest cutoff (300)", tooNarrow.getMessage());
    }

    @Test
    void defaultsParse() {
        RecallModelOptions options = RecallModelOptions.defaults();
        assertArrayEquals(new int[] {5, 10}, options.cutoffs());
        assertEquals(List.of("Earlier ads:", "Recent ads:"), options.itemLabels());
        assertEquals(false, options.trainOnAllEvents());
    }
}
