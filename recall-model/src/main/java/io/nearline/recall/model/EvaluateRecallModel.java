package io.nearline.recall.model;

/**
 * Command: offline evaluation with exact ranking over all items (no beam search), for tuning options and as the
 * ceiling of the serving path; the serving path's own figure comes from triton-models' EvaluateServingPath.
 * Arguments: see {@link EvaluationArgs#USAGE}.
 */
public final class EvaluateRecallModel {

    private EvaluateRecallModel() {
    }

    public static void main(String[] args) throws Exception {
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
    }
}
