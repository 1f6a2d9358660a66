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

    /** The code of the choice "end the ID here", below every real code so it wins ties as in the Python search. */
    static final int END = -1;

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

        boolean scoresEnd = model.scoresEnd();
        for (int position = 0; position < steps && active > 0; position++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("search cancelled before position " + position);
            }
            float[][] logits = model.nextCodeLogits(context, prefixes, active, position);
            for (int beam = 0; beam < active; beam++) {
                boolean canEnd = scoresEnd && position > 0 && constraint.isComplete(prefixes[beam], position);
                offerBeam(top, beam, scores[beam], allowed[beam], logits[beam], position, scoresEnd, canEnd);
            }
            int kept = top.size();
            top.drainBestFirst(topScores, topBeams, topCodes);
            int[][] nextPrefixes = new int[kept][];
            int[][] nextAllowed = new int[kept][];
            float[] nextScores = new float[kept];
            int nextActive = 0;
            for (int i = 0; i < kept; i++) {
                if (topCodes[i] == END) {
                    finished.add(new RecalledId(prefixes[topBeams[i]], topScores[i]));
                    continue;
                }
                int[] prefix = Arrays.copyOf(prefixes[topBeams[i]], position + 1);
                prefix[position] = topCodes[i];
                int[] next = position + 1 < steps ? constraint.allowedNext(prefix, position + 1) : new int[0];
                // With an END choice, a complete ID that has children stays a beam and ends by choosing END.
                if (constraint.isComplete(prefix, position + 1) && (!scoresEnd || next.length == 0)) {
                    finished.add(new RecalledId(prefix, topScores[i]));
                }
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
            int position, boolean endColumn, boolean canEnd) {
        int columns = endColumn ? logits.length - 1 : logits.length;
        float max = canEnd ? logits[columns] : Float.NEGATIVE_INFINITY;
        for (int code : codes) {
            if (code >= columns) {
                throw new IllegalStateException("model gave " + columns + " code logits at position " + position
                        + " but the constraint allows code " + code);
            }
            max = Math.max(max, logits[code]);
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            return;
        }
        double sum = canEnd ? Math.exp(logits[columns] - max) : 0;
        for (int code : codes) {
            sum += Math.exp(logits[code] - max);
        }
        float logNormaliser = max + (float) Math.log(sum);
        for (int code : codes) {
            top.offer(beamScore + logits[code] - logNormaliser, beam, code);
        }
        if (canEnd) {
            top.offer(beamScore + logits[columns] - logNormaliser, beam, END);
        }
    }
}
