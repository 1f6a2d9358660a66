package io.nearline.recall.model;

import io.nearline.recall.config.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Command: offline evaluation with exact ranking over all items (no beam search), for tuning options and as the
 * ceiling of the serving path; the serving path's own figure comes from triton-models' EvaluateServingPath.
 * Arguments: see {@link EvaluationArgs#USAGE}.
 */
@Command(name = "EvaluateRecallModel", mixinStandardHelpOptions = true,
        description = "Offline evaluation (leave-one-out) with exact ranking over all items: HR@K, NDCG@K.")
public final class EvaluateRecallModel implements Callable<Integer> {

    @Mixin
    private EvaluationArgs args;

    private EvaluateRecallModel() {
    }

    public static void main(String[] args) {
        ToolRunner.exit(new EvaluateRecallModel(), args);
    }

    @Override
    public Integer call() throws Exception {
        OfflineEvaluation.run(args, new RankingMethod() {
            @Override
            public String describe(RecallModelOptions options) {
                return "exact ranking of the model's item probabilities (no beam search)";
            }

            @Override
            public Recommender recommender(SequentialRecallModel model, RecallModelOptions options) {
                return new ExactRanking(model);
            }
        });
        return 0;
    }
}
