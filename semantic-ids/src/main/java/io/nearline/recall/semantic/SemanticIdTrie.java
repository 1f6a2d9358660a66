package io.nearline.recall.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable prefix tree of the semantic IDs of objects in delivery: the constraint of constrained beam search.
 * Adding or removing an ID copies only the path to it (persistent trie), so a new snapshot costs O(levels x
 * fan-out) and old snapshots stay valid for readers.
 */
public final class SemanticIdTrie {

    private static final SemanticIdTrie EMPTY = new SemanticIdTrie(TrieNode.EMPTY);
    private static final int[] NONE = new int[0];

    private final TrieNode root;

    private SemanticIdTrie(TrieNode root) {
        this.root = root;
    }

    public static SemanticIdTrie empty() {
        return EMPTY;
    }

    /** The root, for beams that walk the trie code by code. */
    public TrieNode root() {
        return root;
    }

    /** How many objects the trie holds. */
    public int size() {
        return root.objectCount();
    }

    /** A trie that also maps this ID to the object; an ID already held by an object is a bug (IDs are unique). */
    public SemanticIdTrie with(SemanticId id, String objectId) {
        return new SemanticIdTrie(root.with(id, 0, objectId));
    }

    /** A trie without this ID; this trie when it does not hold the ID. */
    public SemanticIdTrie without(SemanticId id) {
        TrieNode newRoot = root.without(id, 0);
        return newRoot == root ? this : new SemanticIdTrie(newRoot);
    }

    /** The node reached by the first {@code length} codes of the prefix, or null when no object has that prefix. */
    public TrieNode node(int[] prefix, int length) {
        TrieNode node = root;
        for (int i = 0; i < length && node != null; i++) {
            node = node.child(prefix[i]);
        }
        return node;
    }

    /** Codes allowed after the first {@code length} codes of the prefix, ascending; empty for a dead prefix. */
    public int[] allowedNext(int[] prefix, int length) {
        TrieNode node = node(prefix, length);
        return node == null ? NONE : node.allowedNext();
    }

    /** True when the first {@code length} codes are a whole ID of an object in delivery. */
    public boolean isComplete(int[] prefix, int length) {
        TrieNode node = node(prefix, length);
        return node != null && node.isComplete();
    }

    public Optional<String> objectOf(SemanticId id) {
        int[] codes = id.codes();
        TrieNode node = node(codes, codes.length);
        return node == null ? Optional.empty() : Optional.ofNullable(node.objectId());
    }

    /** Objects whose IDs start with the prefix, in ID order. */
    public List<String> objectsUnder(SemanticId prefix) {
        int[] codes = prefix.codes();
        TrieNode node = node(codes, codes.length);
        List<String> objects = new ArrayList<>();
        if (node != null) {
            node.collectObjects(objects);
        }
        return objects;
    }
}
