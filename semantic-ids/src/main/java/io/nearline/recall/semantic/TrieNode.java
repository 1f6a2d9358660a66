package io.nearline.recall.semantic;

import java.util.Arrays;

/**
 * One immutable node of the semantic-ID trie. A beam holds the node its prefix reached and advances one code at a
 * time with {@link #child(int)}, never re-walking from the root; nodes never change, so a beam stays consistent
 * with the snapshot it started from while the catalogue moves on.
 */
public final class TrieNode {

    static final TrieNode EMPTY = new TrieNode(new int[0], new TrieNode[0], null, 0);

    private final int[] codes;
    private final TrieNode[] children;
    private final String objectId;
    private final int objectCount;

    private TrieNode(int[] codes, TrieNode[] children, String objectId, int objectCount) {
        this.codes = codes;
        this.children = children;
        this.objectId = objectId;
        this.objectCount = objectCount;
    }

    /** Codes that may follow this prefix, ascending; a copy. */
    public int[] allowedNext() {
        return codes.clone();
    }

    /** How many codes may follow; with {@link #allowedAt(int)} reads them without copying. */
    public int allowedCount() {
        return codes.length;
    }

    public int allowedAt(int index) {
        return codes[index];
    }

    public boolean allows(int code) {
        return Arrays.binarySearch(codes, code) >= 0;
    }

    /** The node after one more code, or null when the code is not allowed here. */
    public TrieNode child(int code) {
        int index = Arrays.binarySearch(codes, code);
        return index >= 0 ? children[index] : null;
    }

    /** True when the codes so far are a whole ID of an object in delivery. */
    public boolean isComplete() {
        return objectId != null;
    }

    /** The object whose ID ends here, or null. */
    public String objectId() {
        return objectId;
    }

    /** Objects in delivery whose IDs start with this prefix (this node's own included). */
    public int objectCount() {
        return objectCount;
    }

    boolean isEmpty() {
        return objectCount == 0;
    }

    void collectObjects(java.util.List<String> into) {
        if (objectId != null) {
            into.add(objectId);
        }
        for (TrieNode child : children) {
            child.collectObjects(into);
        }
    }

    /** A copy of this node with the ID's remaining codes (from {@code depth}) leading to the object. */
    TrieNode with(SemanticId id, int depth, String object) {
        if (depth == id.length()) {
            if (objectId != null) {
                throw new IllegalStateException(id + " already names object " + objectId + ", not " + object);
            }
            return new TrieNode(codes, children, object, objectCount + 1);
        }
        int code = id.code(depth);
        int index = Arrays.binarySearch(codes, code);
        if (index >= 0) {
            TrieNode[] newChildren = children.clone();
            newChildren[index] = children[index].with(id, depth + 1, object);
            return new TrieNode(codes, newChildren, objectId, objectCount + 1);
        }
        int insert = -index - 1;
        int[] newCodes = new int[codes.length + 1];
        TrieNode[] newChildren = new TrieNode[children.length + 1];
        System.arraycopy(codes, 0, newCodes, 0, insert);
        System.arraycopy(children, 0, newChildren, 0, insert);
        newCodes[insert] = code;
        newChildren[insert] = EMPTY.with(id, depth + 1, object);
        System.arraycopy(codes, insert, newCodes, insert + 1, codes.length - insert);
        System.arraycopy(children, insert, newChildren, insert + 1, children.length - insert);
        return new TrieNode(newCodes, newChildren, objectId, objectCount + 1);
    }

    /** A copy of this node without the ID, pruning branches left with no object; this node if the ID is absent. */
    TrieNode without(SemanticId id, int depth) {
        if (depth == id.length()) {
            return objectId == null ? this : new TrieNode(codes, children, null, objectCount - 1);
        }
        int index = Arrays.binarySearch(codes, id.code(depth));
        if (index < 0) {
            return this;
        }
        TrieNode child = children[index].without(id, depth + 1);
        if (child == children[index]) {
            return this;
        }
        if (!child.isEmpty()) {
            TrieNode[] newChildren = children.clone();
            newChildren[index] = child;
            return new TrieNode(codes, newChildren, objectId, objectCount - 1);
        }
        int[] newCodes = new int[codes.length - 1];
        TrieNode[] newChildren = new TrieNode[children.length - 1];
        System.arraycopy(codes, 0, newCodes, 0, index);
        System.arraycopy(children, 0, newChildren, 0, index);
        System.arraycopy(codes, index + 1, newCodes, index, codes.length - index - 1);
        System.arraycopy(children, index + 1, newChildren, index, children.length - index - 1);
        return new TrieNode(newCodes, newChildren, objectId, objectCount - 1);
    }
}
