package io.nearline.recall.server;

/**
 * TEST FIXTURE, not a learned model: scores a code by how many of the user's recent items share the
 * prefix ending in it, plus a small deterministic hash term that orders everything else. Gives
 * reproducible, prompt-dependent beams for tests, benchmarks and demos until a trained model is
 * plugged in.
 */
public final class FrequencyFixtureModel implements GenerativeRecallModel {

    private static final float HISTORY_WEIGHT = 2.0f;
    private static final float HASH_SPREAD = 1.0f;

    private final int codesPerPosition;
    private final long seed;

    public FrequencyFixtureModel(int codesPerPosition, long seed) {
        this.codesPerPosition = codesPerPosition;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "frequency-fixture";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        float[][] logits = new float[count][codesPerPosition];
        for (int row = 0; row < count; row++) {
            int[] prefix = prefixes[row];
            long prefixHash = seed;
            for (int i = 0; i < position; i++) {
                prefixHash = mix(prefixHash * 31 + prefix[i]);
            }
            float[] out = logits[row];
            for (int code = 0; code < codesPerPosition; code++) {
                out[code] = HASH_SPREAD * ((mix(prefixHash ^ (code * 0x9E3779B97F4A7C15L)) >>> 40) / (float) (1L << 24));
            }
            for (int[] item : context.recentItems()) {
                if (item.length > position && item[position] < codesPerPosition && startsWith(item, prefix, position)) {
                    out[item[position]] += HISTORY_WEIGHT;
                }
            }
        }
        return logits;
    }

    private static boolean startsWith(int[] item, int[] prefix, int length) {
        for (int i = 0; i < length; i++) {
            if (item[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** SplitMix64 finaliser: cheap, well-spread bits from a 64-bit key. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
