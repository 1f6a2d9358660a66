package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticIdBuilderTest {

    private static final SemanticIdOptions OPTIONS = SemanticIdOptions.of(Map.of("quantiser.levels", "3",
            "quantiser.codes", "8"));

    @TempDir
    Path directory;

    private static Map<String, float[]> catalogue(int from, int to) {
        float[][] vectors = ResidualQuantiserTest.clusteredVectors(21);
        Map<String, float[]> catalogue = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            catalogue.put("o" + i, vectors[i]);
        }
        return catalogue;
    }

    private static SemanticIdBuilder.Outcome.Built build(Path directory, Map<String, float[]> vectors,
                                                         boolean rebuild) throws IOException {
        SemanticIdBuilder builder = new SemanticIdBuilder(OPTIONS, new SemanticIdStore(directory));
        return assertInstanceOf(SemanticIdBuilder.Outcome.Built.class, builder.build(vectors, "test", rebuild));
    }

    @Test
    void rerunningOnAnUnchangedCatalogueKeepsEveryId() throws IOException {
        var first = build(directory, catalogue(0, 300), false);
        assertTrue(first.learned());
        var second = build(directory, catalogue(0, 300), false);
        assertTrue(!second.learned());
        assertEquals(0, second.assigned().size());
        assertEquals(first.assignments().all(), second.assignments().all());
    }

    @Test
    void learningAgainFromScratchGivesTheSameIds(@TempDir Path other) throws IOException {
        var first = build(directory, catalogue(0, 300), false);
        var second = build(other, catalogue(0, 300), false);
        assertEquals(first.assignments().all(), second.assignments().all());
    }

    @Test
    void addingObjectsNumbersOnlyTheNewOnes() throws IOException {
        var first = build(directory, catalogue(0, 300), false);
        var second = build(directory, catalogue(0, 400), false);
        assertEquals(100, second.assigned().size());
        first.assignments().all().forEach((object, id) ->
                assertEquals(id, second.assignments().idOf(object).orElseThrow(), object));
        assertEquals(400, new java.util.HashSet<>(second.assignments().all().values()).size());
        assertEquals(1, second.assignments().codebook().version());
    }

    @Test
    void aRebuildIsANewVersionAndLeavesTheOldOneAsItWas() throws IOException {
        build(directory, catalogue(0, 300), false);
        SemanticIdStore store = new SemanticIdStore(directory);
        byte[] before = Files.readAllBytes(store.idsFile(1));
        var rebuilt = build(directory, catalogue(100, 400), true);
        assertEquals(2, rebuilt.assignments().codebook().version());
        assertEquals(java.util.OptionalInt.of(2), store.latestVersion());
        assertEquals(new String(before), new String(Files.readAllBytes(store.idsFile(1))));
    }

    @Test
    void vectorsFromAnotherSourceAreRefusedUntilARebuild() throws IOException {
        build(directory, catalogue(0, 300), false);
        var outcome = new SemanticIdBuilder(OPTIONS, new SemanticIdStore(directory))
                .build(catalogue(0, 300), "another model", false);
        var failed = assertInstanceOf(SemanticIdBuilder.Outcome.Failed.class, outcome);
        assertTrue(failed.problems().get(0).contains("rebuild"), failed.problems().toString());
    }
}
