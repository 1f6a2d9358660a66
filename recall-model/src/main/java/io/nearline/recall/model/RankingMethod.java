package io.nearline.recall.model;

/** How offline evaluation turns a trained model into rankings: exact scoring here, the server's beam search elsewhere. */
public interface RankingMethod {

    /** Printed above the tables, e.g. the beam width. */
    String describe(RecallModelOptions options);

    Recommender recommender(SequentialRecallModel model, RecallModelOptions options);
}
