package io.nearline.recall.server;

import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.SemanticIdSet;
import io.nearline.recall.model.SequentialRecallModel;
import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.SemanticId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A small recall model trained on sequences with a clear pattern: users step through a cycle of objects. */
final class TrainedModelFixture {

    static final IdFormat FORMAT = new IdFormat(3, 8, 4);
    static final int OBJECTS = 40;
    static final int CYCLE = 30;

    private TrainedModelFixture() {}

    /** TIGER's layout: every ID carries a collision code, so none is a prefix of another. */
    static SemanticIdSet ids() {
        Map<String, SemanticId> ids = new LinkedHashMap<>();
        for (int i = 0; i < OBJECTS; i++) {
            ids.put("m" + i, SemanticId.of(i / 16 % 8, i / 4 % 4, i % 2, i % 4 / 2));
        }
        return new SemanticIdSet(FORMAT, 2, "fixture vectors", ids);
    }

    /** Each user walks m(s), m(s+1), ... around the cycle; m(CYCLE) is a popular object clicked in between. */
    static List<List<String>> sequences(int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> sequences = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<String> sequence = new ArrayList<>();
            int start = random.nextInt(CYCLE);
            for (int step = 0; step < 8; step++) {
                sequence.add("m" + (start + step) % CYCLE);
            }
            sequence.add(random.nextInt(6), "m" + CYCLE);
            sequences.add(sequence);
        }
        return sequences;
    }

    static SequentialRecallModel model() {
        return ModelTrainer.train(sequences(300, 4), ids(), "fixture cycles",
                RecallModelOptions.defaults().with("model.version", "7")).model();
    }

    static String render(String objectId) {
        return ids().ids().get(objectId).render();
    }
}
