package io.nearline.recall.server;

import io.nearline.recall.model.EvaluationArgs;
import io.nearline.recall.model.OfflineEvaluation;
import io.nearline.recall.model.RankingMethod;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.model.SequentialRecallModel;

/**
 * Command: offline evaluation of the recall model through the server's constrained beam search (leave-one-out,
 * ranking over all items, HR@K and NDCG@K beside the popularity baseline and published figures). Arguments:
 * {@link EvaluationArgs#USAGE}; the beam width is {@code evaluation.beam-width}. With {@code --checkpoint=DIR} it
 * evaluates the recall LLM instead, on the SFT samples it was trained from ({@link TransformerEvaluation}).
 */
public final class EvaluateServingPath implements RankingMethod {

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--checkpoint="))) {
            java.util.Map<String, String> options = new java.util.HashMap<>();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                if (!arg.startsWith("--") || equals < 0) {
                    System.err.println("expected --key=value, got '" + arg + "'");
                    System.exit(2);
                }
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
            TransformerEvaluation.run(options, System.out);
            return;
        }
        OfflineEvaluation.run(args, new EvaluateServingPath());
    }

    @Override
    public String describe(RecallModelOptions options) {
        return "the server's constrained beam search, beam width " + options.beamWidth() + ", trie of all items";
    }

    @Override
    public Recommender recommender(SequentialRecallModel model, RecallModelOptions options) {
        return new BeamSearchRanking(model, options.beamWidth());
    }
}
