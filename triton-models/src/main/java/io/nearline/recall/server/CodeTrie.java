package io.nearline.recall.server;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * An immutable trie of semantic IDs for the standalone server, tests and benchmarks; the job's live
 * trie comes from the semantic-ids module.
 */
public final class CodeTrie implements CodeConstraint {

    private static final int[] NONE = new int[0];

    private final Node root;
    private final int maxLength;
    private final int size;

    private CodeTrie(Node root, int maxLength, int size) {
        this.root = root;
        this.maxLength = maxLength;
        this.size = size;
    }

    /** Builds a trie holding each ID once; codes must be non-negative. */
    public static CodeTrie of(Collection<int[]> ids) {
        MutableNode root = new MutableNode();
        int maxLength = 0;
        int size = 0;
        for (int[] id : ids) {
            if (id.length == 0) {
                throw new IllegalArgumentException("empty semantic ID");
            }
            MutableNode node = root;
            for (int code : id) {
                if (code < 0) {
                    throw new IllegalArgumentException("negative code in " + Arrays.toString(id));
                }
                node = node.children.computeIfAbsent(code, c -> new MutableNode());
            }
            if (!node.complete) {
                node.complete = true;
                size++;
            }
            maxLength = Math.max(maxLength, id.length);
        }
        return new CodeTrie(root.freeze(), maxLength, size);
    }

    /** Number of distinct IDs held. */
    public int size() {
        return size;
    }

    @Override
    public int[] allowedNext(int[] prefix, int length) {
        Node node = find(prefix, length);
        return node == null ? NONE : node.codes;
    }

    @Override
    public boolean isComplete(int[] prefix, int length) {
        Node node = find(prefix, length);
        return node != null && node.complete;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    private Node find(int[] prefix, int length) {
        Node node = root;
        for (int i = 0; i < length && node != null; i++) {
            int at = Arrays.binarySearch(node.codes, prefix[i]);
            node = at < 0 ? null : node.children[at];
        }
        return node;
    }

    private record Node(int[] codes, Node[] children, boolean complete) {}

    private static final class MutableNode {
        private final TreeMap<Integer, MutableNode> children = new TreeMap<>();
        private boolean complete;

        Node freeze() {
            int[] codes = new int[children.size()];
            Node[] frozen = new Node[children.size()];
            int i = 0;
            for (var entry : children.entrySet()) {
                codes[i] = entry.getKey();
                frozen[i++] = entry.getValue().freeze();
            }
            return new Node(codes, frozen, complete);
        }
    }
}
