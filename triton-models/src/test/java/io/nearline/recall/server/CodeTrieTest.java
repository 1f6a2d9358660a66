package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodeTrieTest {

    private final CodeTrie trie = CodeTrie.of(List.of(
            new int[] {3, 1, 4}, new int[] {3, 1, 5}, new int[] {3, 9, 2}, new int[] {7, 0, 0}, new int[] {3, 1, 4}));

    @Test
    void allowedNextListsChildCodesAscending() {
        assertArrayEquals(new int[] {3, 7}, trie.allowedNext(new int[0], 0));
        assertArrayEquals(new int[] {1, 9}, trie.allowedNext(new int[] {3}, 1));
        assertArrayEquals(new int[] {4, 5}, trie.allowedNext(new int[] {3, 1, 99}, 2));
    }

    @Test
    void deadPrefixesAllowNothing() {
        assertEquals(0, trie.allowedNext(new int[] {4}, 1).length);
        assertEquals(0, trie.allowedNext(new int[] {3, 1, 4}, 3).length);
    }

    @Test
    void onlyWholeIdsAreComplete() {
        assertTrue(trie.isComplete(new int[] {7, 0, 0}, 3));
        assertFalse(trie.isComplete(new int[] {7, 0}, 2));
        assertEquals(4, trie.size());
        assertEquals(3, trie.maxLength());
    }
}
