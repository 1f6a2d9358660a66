package io.nearline.recall.server;

import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.SemanticIdTrie;
import java.util.function.Supplier;

/**
 * The semantic-ids module's trie as the beam search's constraint. It reads the trie through a supplier (e.g. the
 * live catalogue's latest snapshot), once per call, so a catalogue update mid-search only makes beams whose prefix
 * vanished drop out.
 */
public final class SemanticIdConstraint implements CodeConstraint {

    private final Supplier<SemanticIdTrie> trie;
    private final int maxLength;

    public SemanticIdConstraint(Supplier<SemanticIdTrie> trie, IdFormat format) {
        this.trie = trie;
        this.maxLength = format.maxLength();
    }

    /** A constraint over one fixed trie. */
    public static SemanticIdConstraint of(SemanticIdTrie trie, IdFormat format) {
        return new SemanticIdConstraint(() -> trie, format);
    }

    public SemanticIdTrie trie() {
        return trie.get();
    }

    @Override
    public int[] allowedNext(int[] prefix, int length) {
        return trie.get().allowedNext(prefix, length);
    }

    @Override
    public boolean isComplete(int[] prefix, int length) {
        return trie.get().isComplete(prefix, length);
    }

    @Override
    public int maxLength() {
        return maxLength;
    }
}
