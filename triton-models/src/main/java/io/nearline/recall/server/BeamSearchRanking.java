package io.nearline.recall.server;

import io.nearline.recall.model.ItemCodes;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.model.SequentialRecallModel;
import io.nearline.recall.semantic.SemanticId;
import io.nearline.recall.semantic.SemanticIdTrie;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranks objects the way the server answers a request: the user's ads rendered into a prompt, the model behind
 * {@link RecallModelAdapter}, and {@link ConstrainedBeamSearch} over the trie of every object the model knows.
 * Offline evaluation through this class measures the serving path, beam losses included.
 */
public final class BeamSearchRanking implements Recommender {

    private final SequentialRecallModel model;
    private final RecallModelAdapter adapter;
    private final SemanticIdConstraint constraint;
    private final int beamWidth;

    public BeamSearchRanking(SequentialRecallModel model, int beamWidth) {
        this.model = model;
        this.adapter = new RecallModelAdapter(model);
        this.constraint = SemanticIdConstraint.of(trieOf(model.items()), model.items().format());
        this.beamWidth = beamWidth;
    }

    static SemanticIdTrie trieOf(ItemCodes items) {
        SemanticIdTrie trie = SemanticIdTrie.empty();
        for (int item = 0; item < items.size(); item++) {
            trie = trie.with(items.id(item), items.objectId(item));
        }
        return trie;
    }

    /** The semantic ID of every item, in item order. */
    static List<int[]> allIds(ItemCodes items) {
        List<int[]> ids = new ArrayList<>(items.size());
        for (int item = 0; item < items.size(); item++) {
            ids.add(items.id(item).codes());
        }
        return ids;
    }

    /** The prompt for a history: the serving template's recent-ads line. */
    String promptOf(List<String> history) {
        StringBuilder prompt = new StringBuilder("Recent ads:");
        for (String objectId : history) {
            model.items().itemOf(objectId).ifPresent(item -> prompt.append(' ').append(model.items().id(item).render()));
        }
        return prompt.toString();
    }

    @Override
    public List<String> recommend(List<String> history, int count) {
        ModelContext context = ModelContext.fromPrompt(promptOf(history));
        List<RecalledId> found = ConstrainedBeamSearch.search(adapter, context, constraint, Math.max(beamWidth, count),
                count, constraint.maxLength(), () -> false);
        List<String> objects = new ArrayList<>(found.size());
        for (RecalledId id : found) {
            constraint.trie().objectOf(SemanticId.of(id.codes())).ifPresent(objects::add);
        }
        return objects;
    }
}
