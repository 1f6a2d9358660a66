package io.nearline.recall.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SemanticIdTrieTest {

    private static SemanticIdTrie sample() {
        return SemanticIdTrie.empty()
                .with(SemanticId.of(1, 2, 3, 4), "x")
                .with(SemanticId.of(1, 2, 9, 0), "y")
                .with(SemanticId.of(1, 7, 0, 0), "z")
                .with(SemanticId.of(5, 0, 0, 0), "w");
    }

    @Test
    void allowedNextListsTheCodesThatContinueAPrefixInAscendingOrder() {
        SemanticIdTrie trie = sample();
        assertArrayEquals(new int[] {1, 5}, trie.allowedNext(new int[0], 0));
        assertArrayEquals(new int[] {2, 7}, trie.allowedNext(new int[] {1}, 1));
        assertArrayEquals(new int[] {3, 9}, trie.allowedNext(new int[] {1, 2, 99}, 2));
        assertArrayEquals(new int[0], trie.allowedNext(new int[] {2}, 1));
        assertArrayEquals(new int[0], trie.allowedNext(new int[] {1, 2, 3, 4}, 4));
    }

    @Test
    void onlyWholeIdsAreComplete() {
        SemanticIdTrie trie = sample();
        assertTrue(trie.isComplete(new int[] {1, 2, 3, 4}, 4));
        assertFalse(trie.isComplete(new int[] {1, 2, 3}, 3));
        assertFalse(trie.isComplete(new int[] {1, 2, 3, 5}, 4));
    }

    @Test
    void aBeamAdvancesNodeByNodeFromTheRoot() {
        TrieNode node = sample().root().child(1).child(2).child(9);
        assertEquals(1, node.allowedCount());
        assertEquals(0, node.allowedAt(0));
        TrieNode leaf = node.child(0);
        assertTrue(leaf.isComplete());
        assertEquals("y", leaf.objectId());
        assertNull(node.child(4));
    }

    @Test
    void removingAnIdPrunesBranchesLeftEmptyAndKeepsTheOldSnapshotIntact() {
        SemanticIdTrie before = sample();
        SemanticIdTrie after = before.without(SemanticId.of(1, 7, 0, 0));
        assertArrayEquals(new int[] {2}, after.allowedNext(new int[] {1}, 1));
        assertArrayEquals(new int[] {2, 7}, before.allowedNext(new int[] {1}, 1));
        assertEquals(3, after.size());
        assertEquals(4, before.size());
        assertEquals(Optional.of("z"), before.objectOf(SemanticId.of(1, 7, 0, 0)));
        assertEquals(Optional.empty(), after.objectOf(SemanticId.of(1, 7, 0, 0)));
    }

    @Test
    void removingAnAbsentIdReturnsTheSameTrie() {
        SemanticIdTrie trie = sample();
        assertSame(trie, trie.without(SemanticId.of(1, 2, 3, 5)));
        assertSame(trie, trie.without(SemanticId.of(1, 2, 3)));
    }

    @Test
    void anIdCanBeCompleteAndHaveCollisionChildren() {
        SemanticIdTrie trie = SemanticIdTrie.empty()
                .with(SemanticId.of(1, 2, 3, 4), "first")
                .with(SemanticId.of(1, 2, 3, 4, 1), "second");
        TrieNode node = trie.node(new int[] {1, 2, 3, 4}, 4);
        assertTrue(node.isComplete());
        assertArrayEquals(new int[] {1}, node.allowedNext());
        assertEquals(List.of("first", "second"), trie.objectsUnder(SemanticId.of(1, 2)));
    }

    @Test
    void anIdAlreadyNamingAnObjectCannotNameAnother() {
        assertThrows(IllegalStateException.class, () -> sample().with(SemanticId.of(1, 2, 3, 4), "other"));
    }

    @Test
    void objectCountsCountObjectsUnderEachPrefix() {
        SemanticIdTrie trie = sample();
        assertEquals(4, trie.root().objectCount());
        assertEquals(3, trie.node(new int[] {1}, 1).objectCount());
        assertEquals(2, trie.node(new int[] {1, 2}, 2).objectCount());
    }
}
