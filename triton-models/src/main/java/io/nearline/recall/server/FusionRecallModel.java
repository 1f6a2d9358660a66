package io.nearline.recall.server;

import io.nearline.recall.llm.PrefixKvCache;
import java.util.Optional;

/**
 * The transformer and the count model together: their next-code log-scores added, the count model's scaled by a
 * weight ({@code server.fusion-weight}), so the cheap item-to-item prior can correct the LLM where it is unsure.
 * Codes the count model has no logit for get only the transformer's.
 */
public final class FusionRecallModel implements GenerativeRecallModel {

    private final GenerativeRecallModel transformer;
    private final GenerativeRecallModel count;
    private final float weight;

    @Override
    public void close() {
        try {
            transformer.close();
        } finally {
            count.close();
        }
    }

    public FusionRecallModel(GenerativeRecallModel transformer, GenerativeRecallModel count, float weight) {
        if (!(weight >= 0f) || Float.isInfinite(weight)) {
            throw new IllegalArgumentException("fusion weight must be finite and >= 0, got " + weight);
        }
        this.transformer = transformer;
        this.count = count;
        this.weight = weight;
    }

    @Override
    public String name() {
        return "fusion(" + transformer.name() + "+" + weight + "*" + count.name() + ")";
    }

    @Override
    public String version() {
        return transformer.version() + "+" + count.version();
    }

    @Override
    public String runtime() {
        return transformer.runtime();
    }

    @Override
    public boolean scoresEnd() {
        return transformer.scoresEnd();
    }

    @Override
    public Optional<PrefixKvCache.Stats> prefixCacheStats() {
        return transformer.prefixCacheStats();
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int rows, int position) {
        float[][] logits = transformer.nextCodeLogits(context, prefixes, rows, position);
        float[][] prior = count.nextCodeLogits(context, prefixes, rows, position);
        for (int r = 0; r < rows; r++) {
            float[] row = logits[r];
            float[] add = prior[r];
            int codes = transformer.scoresEnd() ? row.length - 1 : row.length;  // the END column gets no prior
            for (int c = 0; c < Math.min(codes, add.length); c++) {
                row[c] += weight * add[c];
            }
        }
        return logits;
    }
}
