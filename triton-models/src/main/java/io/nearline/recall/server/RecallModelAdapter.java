package io.nearline.recall.server;

import io.nearline.recall.model.ModelHeader;
import io.nearline.recall.model.NextItemDistribution;
import io.nearline.recall.model.SequentialRecallModel;

/**
 * Serves the trained recall model (recall-model's {@link SequentialRecallModel}) to the beam search: the model reads
 * the user's ads from the prompt text itself, and its per-level code log-probabilities are the logits. One search
 * calls the model once per position with the same context, so each inference thread keeps the distribution of
 * the context it last saw instead of re-reading the prompt at every step.
 */
public final class RecallModelAdapter implements GenerativeRecallModel {

    private final SequentialRecallModel model;
    private final ThreadLocal<Cached> lastContext = new ThreadLocal<>();

    public RecallModelAdapter(SequentialRecallModel model) {
        this.model = model;
    }

    public SequentialRecallModel model() {
        return model;
    }

    @Override
    public String name() {
        return ModelHeader.MODEL_NAME;
    }

    @Override
    public String version() {
        return model.header().modelVersion();
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        NextItemDistribution distribution = distribution(context);
        float[][] logits = new float[count][];
        for (int row = 0; row < count; row++) {
            logits[row] = distribution.nextCodeLogProbabilities(prefixes[row], position);
        }
        return logits;
    }

    private NextItemDistribution distribution(ModelContext context) {
        Cached cached = lastContext.get();
        if (cached != null && cached.context == context) {
            return cached.distribution;
        }
        NextItemDistribution distribution = model.predictFromPrompt(context.prompt());
        lastContext.set(new Cached(context, distribution));
        return distribution;
    }

    /** Compared by identity: equal prompts are cheap to re-read, but a stale match must be impossible. */
    private record Cached(ModelContext context, NextItemDistribution distribution) {}
}
