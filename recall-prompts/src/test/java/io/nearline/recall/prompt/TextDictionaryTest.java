package io.nearline.recall.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDictionaryTest {

    private static DictionaryFiles.Load parse(String... nameThenText) {
        Map<String, java.io.Reader> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            files.put(nameThenText[i], new StringReader(nameThenText[i + 1]));
        }
        return DictionaryFiles.parse(files);
    }

    @Test
    void packagedDictionariesLoadWithAVersionPerFile() {
        DictionaryFiles.Load load = DictionaryFiles.loadClasspath();
        assertTrue(load.ok(), () -> load.problems().toString());
        assertEquals("profile@profile-1+category@category-1+behaviour@behaviour-1", load.snapshot().version());
        assertEquals("aged 25-34", load.snapshot().text("age_bucket", "age_25_34").orElseThrow());
    }

    @Test
    void aValueWithoutTextRendersAsFeatureEqualsValueAndCountsAsAMiss() {
        PromptMetrics metrics = new PromptMetrics();
        TextDictionary dictionary = new TextDictionary(
                parse("p.tsv", "#version\t7\ngender\tgender_f\tfemale\n").snapshot(), metrics);
        assertEquals("female", dictionary.render(dictionary.snapshot(), "gender", "gender_f"));
        assertEquals("gender=gender_x", dictionary.render(dictionary.snapshot(), "gender", "gender_x"));
        assertEquals("region=r1", dictionary.render(dictionary.snapshot(), "region", "r1"));
        assertEquals(3, metrics.lookups());
        assertEquals(1.0 / 3, metrics.coverage(), 1e-9);
        assertEquals(Map.of("gender", 0.5, "region", 0.0), metrics.coverageByFeature());
    }

    @Test
    void badLinesAreReportedWithFileLineAndReasonAndNothingLoads() {
        DictionaryFiles.Load load = parse(
                "a.tsv", "#version\t1\nf\tv\tok\nf\tonly-two\n\nf\tv\tagain\nf\t\tempty\n",
                "b.tsv", "no header\nf\tw\tx\n");
        assertFalse(load.ok());
        assertNull(load.snapshot());
        assertEquals(List.of(
                "a.tsv:3: expected 3 tab-separated fields, found 2",
                "a.tsv:5: duplicate f=v (first at a.tsv:2)",
                "a.tsv:6: empty feature, value or text",
                "b.tsv:1: first line must be '#version<TAB>VERSION'"),
                load.problems().stream().map(DictionaryProblem::toString).toList());
    }

    @Test
    void aSwappedSnapshotIsUsedByTheNextLookup(@TempDir Path dir) throws Exception {
        TextDictionary dictionary = new TextDictionary(parse("p.tsv", "#version\t1\ng\tm\tman\n").snapshot(),
                new PromptMetrics());
        Files.writeString(dir.resolve("p.tsv"), "#version\t2\ng\tm\tmale\n");
        assertEquals(List.of(), dictionary.reload(dir));
        assertEquals("p@2", dictionary.version());
        assertEquals("male", dictionary.render(dictionary.snapshot(), "g", "m"));
    }

    @Test
    void aReloadWithProblemsKeepsTheRunningSnapshot(@TempDir Path dir) throws Exception {
        TextDictionary dictionary = new TextDictionary(parse("p.tsv", "#version\t1\ng\tm\tman\n").snapshot(),
                new PromptMetrics());
        Files.writeString(dir.resolve("p.tsv"), "#version\t2\ng\tm\n");
        assertEquals(1, dictionary.reload(dir).size());
        assertEquals("p@1", dictionary.version());
        assertEquals("man", dictionary.render(dictionary.snapshot(), "g", "m"));
    }
}
