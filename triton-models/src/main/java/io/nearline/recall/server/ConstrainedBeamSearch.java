package io.nearline.recall.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Beam search over semantic-ID codes that only ever extends a beam with a code the constraint allows,
 * so every result is an ID in the trie. Log-probabilities are normalised over the allowed codes of
 * each step, as when a logits post-processor masks the disallowed ones before the softmax.
 */
public final class ConstrainedBeamSearch {

    private static final Comparator<RecalledId> BEST_FIRST = Comparator
            .comparingDouble((RecalledId r) -> -r.score())
            .thenComparing(RecalledId::codes, Arrays::compare);

    private ConstrainedBeamSearch() {}

    /**
     * The best {@code returned} complete IDs found with {@code beamWidth} beams in at most
     * {@code maxTokens} steps, best first. Checks {@code cancelled} before each step and throws
     * {@link CancellationException} so abandoned requests stop costing CPU.
     */
    public static List<RecalledId> search(GenerativeRecallModel model, ModelContext context,
            CodeConstraint constraint, int beamWidth, int returned, int maxTokens, BooleanSupplier cancelled) {
        if (beamWidth < 1 || returned < 1) {
            throw new IllegalArgumentException("beamWidth and returned must be positive");
        }
        int steps = Math.min(maxTokens, constraint.maxLength());
        int[][] prefixes = {new int[0]};
        int[][] allowed = {constraint.allowedNext(prefixes[0], 0)};
        float[] scores = {0f};
        int active = allowed[0].length > 0 ? 1 : 0;
        List<RecalledId> finished = new ArrayList<>();
        TopCandidates top = new TopCandidates(beamWidth);
        float[] topScores = new float[beamWidth];
        int[] topBeams = new int[beamWidth];
        int[] topCodes = new int[beamWidth];

        for (int position = 0; position < steps && active > 0; position++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("search cancelled before position " + position);
            }
            float[][] logits = model.nextCodeLogits(context, prefixes, active, position);
            for (int beam = 0; beam < active; beam++) {
                offerBeam(top, beam, scores[beam], allowed[beam], logits[beam], position);
            }
            int kept = top.size();
            top.drainBestFirst(topScores, topBeams, topCodes);
            int[][] nextPrefixes = new int[kept][];
            int[][] nextAllowed = new int[kept][];
            float[] nextScores = new float[kept];
            int nextActive = 0;
            for (int i = 0; i < kept; i++) {
                int[] prefix = Arrays.copyOf(prefixes[topBeams[i]], position + 1);
                prefix[position] = topCodes[i];
                if (constraint.isComplete(prefix, position + 1)) {
                    finished.add(new RecalledId(prefix, topScores[i]));
                }
                int[] next = position + 1 < steps ? constraint.allowedNext(prefix, position + 1) : new int[0];
                if (next.length > 0) {
                    nextPrefixes[nextActive] = prefix;
                    nextAllowed[nextActive] = next;
                    nextScores[nextActive++] = topScores[i];
                }
            }
            prefixes = nextPrefixes;
            allowed = nextAllowed;
            scores = nextScores;
            active = nextActive;
        }
        finished.sort(BEST_FIRST);
        return finished.size() > returned ? List.copyOf(finished.subList(0, returned)) : finished;
    }

    private static void offerBeam(TopCandidates top, int beam, float beamScore, int[] codes, float[] logits,
            int position) {
        float max = Float.NEGATIVE_INFINITY;
        for (int code : codes) {
            if (code >= logits.length) {
                throw new IllegalStateException("model gave " + logits.length + " logits at position " + position
                        + " but the constraint allows code " + code);
            }
            max = Math.max(max, logits[code]);
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            return;
        }
        double sum = 0;
        for (int code : codes) {
            sum += Math.exp(logits[code] - max);
        }
        float logNormaliser = max + (float) Math.log(sum);
        for (int code : codes) {
            top.offer(beamScore + logits[code] - logNormaliser, beam, code);
        }
    }
}
