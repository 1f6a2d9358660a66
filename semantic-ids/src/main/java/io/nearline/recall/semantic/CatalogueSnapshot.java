package io.nearline.recall.semantic;

/**
 * One immutable state of the live catalogue: the trie of in-delivery IDs and the format of valid IDs. Readers use it
 * without locks while updates publish newer snapshots.
 *
 * @param version increases with every change published
 */
public record CatalogueSnapshot(long version, SemanticIdTrie trie, IdFormat format) {

    /** Strictly parses generated text and maps it to the object in delivery it names; never guesses. */
    public Resolution resolve(String text) {
        ParsedId parsed = SemanticIdText.parse(text, format);
        if (parsed instanceof ParsedId.Rejected rejected) {
            return new Resolution.Rejected(text, rejected.reason());
        }
        return resolve(((ParsedId.Valid) parsed).id(), text);
    }

    public Resolution resolve(SemanticId id) {
        return resolve(id, id.render());
    }

    private Resolution resolve(SemanticId id, String text) {
        int[] codes = id.codes();
        TrieNode node = trie.node(codes, codes.length);
        if (node == null) {
            return new Resolution.Rejected(text, "no object in delivery has this ID or prefix");
        }
        if (!node.isComplete()) {
            return new Resolution.Rejected(text, "a prefix of " + node.objectCount()
                    + " objects in delivery, not a whole ID");
        }
        return new Resolution.Found(id, node.objectId());
    }
}
