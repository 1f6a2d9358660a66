package io.nearline.recall.prompt.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.semantic.Codebook;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.SemanticIdStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedSemanticIdsTest {

    @Test
    void samplesRenderTheIdsTheBuilderSaved_withTheirVersion(@TempDir Path dir) throws Exception {
        float[][][] centroids = {{{-1f}, {1f}}, {{-0.5f}, {0.5f}}};
        IdAssignments assignments = new IdAssignments(new Codebook(1, "test-vectors", centroids), false, 256);
        assignments.assign("m1", new float[] {1.6f});
        new SemanticIdStore(dir).save(assignments);

        SavedSemanticIds ids = SavedSemanticIds.load(dir);

        assertEquals(Optional.of(assignments.idOf("m1").orElseThrow().render()), ids.render("m1"));
        assertTrue(ids.render("unknown").isEmpty());
        assertEquals("ids-v1", ids.version());
    }
}
