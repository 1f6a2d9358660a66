package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticIdStoreTest {

    @TempDir
    Path directory;

    @Test
    void savedCodebookAndIdsReadBackUnchangedAndNewObjectsDoNotRenumberOldOnes() throws IOException {
        float[][] vectors = ResidualQuantiserTest.clusteredVectors(9);
        SemanticIdOptions options = SemanticIdOptions.of(java.util.Map.of("quantiser.codes", "4",
                "quantiser.levels", "2"));
        var training = ResidualQuantiser.train(vectors, options, 1, "test");
        IdAssignments assignments = new IdAssignments(training.codebook(), false, 256);
        for (int i = 0; i < vectors.length; i++) {
            assignments.assignCodes("o" + i, training.codes()[i]);
        }
        SemanticIdStore store = new SemanticIdStore(directory);
        store.save(assignments);
        assertEquals(OptionalInt.of(1), store.latestVersion());

        IdAssignments loaded = assertInstanceOf(StoredIds.Loaded.class, store.load(1)).assignments();
        assertEquals(assignments.all(), loaded.all());
        assertArrayEquals(training.codebook().quantise(vectors[3]), loaded.codebook().quantise(vectors[3]));

        IdAssignments.Assigned fresh = loaded.assign("new", vectors[0]);
        SemanticId freshId = assertInstanceOf(IdAssignments.Assigned.Id.class, fresh).id();
        assertTrue(!assignments.all().containsValue(freshId), "a new object gets an unused ID");
        store.save(loaded);
        IdAssignments again = assertInstanceOf(StoredIds.Loaded.class, store.load(1)).assignments();
        for (var entry : assignments.all().entrySet()) {
            assertEquals(entry.getValue(), again.idOf(entry.getKey()).orElseThrow());
        }
        assertEquals(freshId, again.idOf("new").orElseThrow());
    }

    @Test
    void everyBadLineIsReportedWithItsNumber() throws IOException {
        IdAssignments assignments = new IdAssignments(IdAssignmentsTest.tinyCodebook(), false, 256);
        assignments.assignCodes("a", new int[] {0, 1});
        SemanticIdStore store = new SemanticIdStore(directory);
        store.save(assignments);
        Path ids = store.idsFile(1);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(ids));
        lines.add("b\t<a_0><b_7>");
        lines.add("no tab here");
        lines.add("c\t<a_0><b_1>");
        Files.write(ids, lines);
        StoredIds.Failed failed = assertInstanceOf(StoredIds.Failed.class, store.load(1));
        assertEquals(3, failed.problems().size(), failed.problems().toString());
        assertTrue(failed.problems().get(0).contains("line 3: code 7 out of range"), failed.problems().get(0));
        assertTrue(failed.problems().get(1).contains("line 4"), failed.problems().get(1));
        assertTrue(failed.problems().get(2).contains("line 5: <a_0><b_1> already held by object a"),
                failed.problems().get(2));
    }
}
