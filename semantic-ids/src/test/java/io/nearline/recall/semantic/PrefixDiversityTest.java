package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixDiversityTest {

    private static CatalogueSnapshot catalogue() {
        SemanticIdTrie trie = SemanticIdTrie.empty()
                .with(SemanticId.of(1, 1, 0, 0), "a1")
                .with(SemanticId.of(1, 1, 0, 1), "a2")
                .with(SemanticId.of(1, 1, 2, 0), "a3")
                .with(SemanticId.of(1, 2, 0, 0), "b1")
                .with(SemanticId.of(3, 0, 0, 0), "c1");
        return new CatalogueSnapshot(1, trie, new IdFormat(4, 256, 256));
    }

    private static ScoredId beam(double score, int... codes) {
        return new ScoredId(SemanticId.of(codes), score);
    }

    private static List<String> objectIds(RecallList list) {
        return list.objects().stream().map(RankedObject::objectId).toList();
    }

    @Test
    void keepsAtMostKObjectsPerPrefixOfLengthL() {
        List<ScoredId> beams = List.of(beam(-1, 1, 1, 0, 0), beam(-2, 1, 1, 0, 1), beam(-3, 1, 1, 2, 0),
                beam(-4, 1, 2, 0, 0), beam(-5, 3, 0, 0, 0));
        RecallList list = new PrefixDiversity(2, 2, 10).apply(beams, catalogue());
        assertEquals(List.of("a1", "a2", "b1", "c1"), objectIds(list));
        assertEquals(1, list.overLimit());
        RecallList byFirstLevel = new PrefixDiversity(1, 1, 10).apply(beams, catalogue());
        assertEquals(List.of("a1", "c1"), objectIds(byFirstLevel));
    }

    @Test
    void ranksByScoreAndKeepsInputOrderForEqualScores() {
        List<ScoredId> beams = List.of(beam(-2, 3, 0, 0, 0), beam(-1, 1, 2, 0, 0), beam(-1, 1, 1, 2, 0),
                beam(-1, 1, 1, 0, 0));
        RecallList list = new PrefixDiversity(2, 0, 10).apply(beams, catalogue());
        assertEquals(List.of("b1", "a3", "a1", "c1"), objectIds(list));
    }

    @Test
    void reportsBeamsNamingNoObjectInDeliveryAndDuplicates() {
        List<ScoredId> beams = List.of(beam(-1, 1, 1, 0, 0), beam(-2, 1, 1, 0), beam(-3, 9, 9, 9, 9),
                beam(-4, 1, 1, 0, 0));
        RecallList list = new PrefixDiversity(2, 3, 10).apply(beams, catalogue());
        assertEquals(List.of("a1"), objectIds(list));
        assertEquals(2, list.rejected().size());
        assertEquals(1, list.duplicates());
    }

    @Test
    void stopsAtTheMostResults() {
        List<ScoredId> beams = List.of(beam(-1, 1, 1, 0, 0), beam(-2, 1, 2, 0, 0), beam(-3, 3, 0, 0, 0));
        assertEquals(List.of("a1", "b1"), objectIds(new PrefixDiversity(2, 3, 2).apply(beams, catalogue())));
    }
}
