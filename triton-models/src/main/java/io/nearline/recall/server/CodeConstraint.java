package io.nearline.recall.server;

/**
 * Which semantic-ID codes may follow a prefix: the trie of marketing objects in delivery that keeps
 * beam search on IDs that exist. Shaped like the semantic-ids module's trie so an adapter is one
 * delegating class. Implementations must allow concurrent readers; a trie replaced mid-search only
 * makes beams whose prefix vanished drop out.
 */
public interface CodeConstraint {

    /** Codes allowed after the first {@code length} codes of {@code prefix}, ascending; empty for a dead prefix. */
    int[] allowedNext(int[] prefix, int length);

    /** True when the first {@code length} codes form a whole ID. */
    boolean isComplete(int[] prefix, int length);

    /** Longest ID, in codes; the search never generates more. */
    int maxLength();
}
