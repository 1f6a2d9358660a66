package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdAssignmentsTest {

    /** Two levels of two codes over 1-d vectors: level 1 splits at 0, level 2 at +-0.5 around the centroid. */
    static Codebook tinyCodebook() {
        float[][][] centroids = {
            {{-1f}, {1f}},
            {{-0.5f}, {0.5f}}
        };
        return new Codebook(1, "test", centroids);
    }

    private static SemanticId idOf(IdAssignments.Assigned assigned) {
        return assertInstanceOf(IdAssignments.Assigned.Id.class, assigned).id();
    }

    @Test
    void firstObjectWithGivenCodesGetsThemPlainAndLaterOnesGetTheNextCollisionCode() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 256);
        assertEquals(SemanticId.of(1, 1), idOf(assignments.assign("a", new float[] {1.6f})));
        assertEquals(SemanticId.of(1, 1, 1), idOf(assignments.assign("b", new float[] {1.5f})));
        assertEquals(SemanticId.of(1, 1, 2), idOf(assignments.assign("c", new float[] {1.7f})));
        assertEquals(SemanticId.of(0, 0), idOf(assignments.assign("d", new float[] {-1.6f})));
    }

    @Test
    void alwaysSuffixGivesEveryObjectACollisionCodeStartingAtZero() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), true, 256);
        assertEquals(SemanticId.of(1, 1, 0), idOf(assignments.assign("a", new float[] {1.6f})));
        assertEquals(SemanticId.of(1, 1, 1), idOf(assignments.assign("b", new float[] {1.5f})));
    }

    @Test
    void assigningAgainReturnsTheSameIdEvenForAnotherVector() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 256);
        SemanticId first = idOf(assignments.assign("a", new float[] {1.6f}));
        assertEquals(first, idOf(assignments.assign("a", new float[] {-3f})));
        assertEquals(1, assignments.size());
    }

    @Test
    void idsStayUniqueWhenManyObjectsCollide() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 256);
        Set<SemanticId> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(idOf(assignments.assign("o" + i, new float[] {i % 2 == 0 ? 1.5f : -1.5f})));
        }
        assertEquals(200, ids.size());
    }

    @Test
    void restoredIdsAreKeptAndNewCollisionsContinueAfterTheHighestCodeUsed() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 256);
        idOf(assignments.restore("a", SemanticId.of(1, 1)));
        idOf(assignments.restore("c", SemanticId.of(1, 1, 5)));
        assertEquals(SemanticId.of(1, 1, 6), idOf(assignments.assign("new", new float[] {1.5f})));
        assertEquals(SemanticId.of(1, 1), assignments.idOf("a").orElseThrow());
    }

    @Test
    void restoringAnIdHeldByAnotherObjectIsRefused() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 256);
        idOf(assignments.restore("a", SemanticId.of(1, 1)));
        var refused = assertInstanceOf(IdAssignments.Assigned.Refused.class,
                assignments.restore("b", SemanticId.of(1, 1)));
        assertTrue(refused.reason().contains("already held by object a"), refused.reason());
    }

    @Test
    void aFullCollisionLevelRefusesWithAReason() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 2);
        idOf(assignments.assign("a", new float[] {1.5f}));
        idOf(assignments.assign("b", new float[] {1.5f}));
        var refused = assertInstanceOf(IdAssignments.Assigned.Refused.class,
                assignments.assign("c", new float[] {1.5f}));
        assertTrue(refused.reason().contains("already name 2 objects"), refused.reason());
    }

    @Test
    void aVectorOfTheWrongDimensionIsRefused() {
        IdAssignments assignments = new IdAssignments(tinyCodebook(), false, 2);
        assertInstanceOf(IdAssignments.Assigned.Refused.class, assignments.assign("a", new float[] {1f, 2f}));
    }
}
