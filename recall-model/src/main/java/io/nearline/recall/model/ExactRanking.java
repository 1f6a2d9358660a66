package io.nearline.recall.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Ranks every item by the model's exact next-item probability, without beam search: the ceiling a beam search over
 * the same model can reach, used to tune options and to measure what the beam loses. Not the serving path.
 */
public final class ExactRanking implements Recommender {

    private final SequentialRecallModel model;

    public ExactRanking(SequentialRecallModel model) {
        this.model = model;
    }

    @Override
    public List<String> recommend(List<String> history, int count) {
        int[] best = model.predictObjects(history).topItems(count);
        List<String> objects = new ArrayList<>(best.length);
        for (int item : best) {
            objects.add(model.items().objectId(item));
        }
        return objects;
    }
}
