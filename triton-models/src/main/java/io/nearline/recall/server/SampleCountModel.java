package io.nearline.recall.server;

import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.PromptHistory;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.SemanticIdSet;
import io.nearline.recall.semantic.SemanticId;
import io.nearline.recall.semantic.SemanticIdText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The count model trained on the same users' histories as the recall LLM, and on nothing it did not see: each user's
 * ads in the prompt of their first held-out sample (validation, or test for a user with one sample), so neither the
 * validation nor the test response is ever counted, and both ends of a fusion learn from the same behaviours.
 */
final class SampleCountModel {

    private SampleCountModel() {}

    /**
     * Per user, object IDs oldest first, read from the prompt's ad lines ({@code prompt.item-labels}); an ID outside
     * {@code ids} keeps its text, so that {@link ModelTrainer} counts it as dropped rather than it vanishing here.
     */
    static List<List<String>> sequences(List<TransformerEvaluation.Sample> samples, SemanticIdSet ids,
            RecallModelOptions options) {
        Map<SemanticId, String> objectOf = new HashMap<>();
        ids.ids().forEach((object, id) -> objectOf.put(id, object));
        List<List<String>> sequences = new ArrayList<>();
        for (List<TransformerEvaluation.Sample> ordered : TransformerEvaluation.byUser(samples).values()) {
            TransformerEvaluation.Sample firstHeldOut = ordered.get(Math.max(0, ordered.size() - 2));
            List<String> sequence = new ArrayList<>();
            for (int[] codes : PromptHistory.read(firstHeldOut.prompt(), options.itemLabels(), ids.format())) {
                SemanticId id = SemanticId.of(codes);
                sequence.add(objectOf.getOrDefault(id, SemanticIdText.render(id)));
            }
            sequences.add(sequence);
        }
        return sequences;
    }

    static ModelTrainer.Trained train(List<TransformerEvaluation.Sample> samples, SemanticIdSet ids,
            RecallModelOptions options) {
        return ModelTrainer.train(sequences(samples, ids, options), ids, "SFT samples before the held-out", options);
    }
}
