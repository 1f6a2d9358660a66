package io.nearline.recall.model;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.semantic.ObjectText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Offline evaluation under leave-one-out: learns semantic IDs and trains the model and the popularity baseline (the
 * same code with {@code popularity.mix=1}) on the training part, ranks each validation and test target over all
 * items with a given {@link Recommender} (exact ranking here, the server's constrained beam search in
 * triton-models), and prints HR@K and NDCG@K beside the published figures.
 */
public final class OfflineEvaluation {

    /** Everything trained for one evaluation run. */
    public record Prepared(String dataName, int catalogueSize, LeaveOneOut split, SemanticIdSet ids,
                           SequentialRecallModel model, SequentialRecallModel popularity,
                           ModelTrainer.Report training, double idSeconds) {}

    private OfflineEvaluation() {
    }

    public static Prepared prepare(EvaluationArgs args, PrintStream out) throws IOException {
        BehaviourLog log = BehaviourLogs.open(args.source(), BehaviourLogOptions.defaults());
        LeaveOneOut split = LeaveOneOut.of(TrainingSequences.of(log, args.modelOptions()));
        EvaluationIds.Vectors vectors = args.vectors() != null ? args.vectors()
                : log.catalogue().stream().anyMatch(o -> !ObjectText.of(o, args.idOptions().textKeys()).isEmpty())
                        ? EvaluationIds.Vectors.TEXT : EvaluationIds.Vectors.BEHAVIOUR;
        long start = System.nanoTime();
        SemanticIdSet ids = EvaluationIds.build(vectors, split.training(), log.catalogue(), args.idOptions(),
                args.workDirectory().resolve(log.name()).resolve("semantic-ids"));
        double idSeconds = (System.nanoTime() - start) / 1e9;
        String dataName = log.name() + " (leave-one-out training part)";
        ModelTrainer.Trained trained = ModelTrainer.train(split.training(), ids, dataName, args.modelOptions());
        SequentialRecallModel popularity = ModelTrainer.train(split.training(), ids, dataName,
                args.modelOptions().with(RecallModelOptions.POPULARITY_MIX.key(), "1.0")).model();
        out.printf(Locale.ROOT, "%s: %d users, %d items; %d validation and %d test cases%n", log.name(),
                split.training().size(), log.catalogue().size(), split.validation().size(), split.test().size());
        out.printf(Locale.ROOT, "semantic IDs v%d from %s (%s), %.1f s%n", ids.version(),
                vectors.name().toLowerCase(Locale.ROOT), ids.source(), idSeconds);
        ModelTrainer.Report report = trained.report();
        out.printf(Locale.ROOT, "trained %s on %d sequences, %d interactions (%d without ID dropped): "
                        + "%d transitions, %.2f s%n", ModelHeader.MODEL_NAME, report.sequences(), report.interactions(),
                report.droppedInteractions(), report.transitionEntries(), report.seconds());
        return new Prepared(log.name(), log.catalogue().size(), split, ids, trained.model(), popularity, report,
                idSeconds);
    }

    /** Ranks every case's target with the recommender (cases run in parallel; the figures do not depend on it). */
    public static RankingMetrics measure(Recommender recommender, List<LeaveOneOut.Case> cases, int[] cutoffs) {
        int depth = cutoffs[cutoffs.length - 1];
        int[] ranks = IntStream.range(0, cases.size()).parallel()
                .map(i -> recommender.recommend(cases.get(i).history(), depth).indexOf(cases.get(i).target()))
                .toArray();
        RankingMetrics metrics = new RankingMetrics(cutoffs);
        for (int rank : ranks) {
            metrics.add(rank);
        }
        return metrics;
    }

    /** Measures both models on validation and test with the ranking method, and prints the tables. */
    public static void report(Prepared prepared, RankingMethod ranking, RecallModelOptions options, PrintStream out) {
        int[] cutoffs = options.cutoffs();
        for (String splitName : List.of("validation", "test")) {
            List<LeaveOneOut.Case> cases = splitName.equals("test") ? prepared.split().test()
                    : prepared.split().validation();
            long start = System.nanoTime();
            RankingMetrics ours = measure(ranking.recommender(prepared.model(), options), cases, cutoffs);
            double seconds = (System.nanoTime() - start) / 1e9;
            RankingMetrics popularity = measure(ranking.recommender(prepared.popularity(), options), cases, cutoffs);
            out.printf(Locale.ROOT, "%n%s, leave-one-out %s (%d users), ranking over all %d items by %s"
                            + " (ours: %.1f s, %.2f ms a user)%n", prepared.dataName(), splitName, cases.size(),
                    prepared.catalogueSize(), ranking.describe(options), seconds,
                    1000 * seconds / Math.max(1, cases.size()));
            out.println(header(cutoffs));
            out.println(row("ours: " + ModelHeader.MODEL_NAME + " version " + prepared.model().header().modelVersion(),
                    ours, cutoffs));
            out.println(row("popularity (same code, popularity.mix=1.0)", popularity, cutoffs));
            if (splitName.equals("test")) {
                PublishedFigures.rowsFor(prepared.dataName(), cutoffs).forEach(out::println);
            }
        }
    }

    static String header(int[] cutoffs) {
        StringBuilder line = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String metric : List.of("HR", "NDCG")) {
            for (int k : cutoffs) {
                line.append(' ').append(metric).append('@').append(k).append(" |");
                rule.append("---|");
            }
        }
        return line + "\n" + rule;
    }

    static String row(String name, RankingMetrics metrics, int[] cutoffs) {
        StringBuilder line = new StringBuilder("| ").append(name).append(" |");
        for (int k : cutoffs) {
            line.append(String.format(Locale.ROOT, " %.4f |", metrics.hitRate(k)));
        }
        for (int k : cutoffs) {
            line.append(String.format(Locale.ROOT, " %.4f |", metrics.ndcg(k)));
        }
        return line.toString();
    }

    /**
     * Runs a whole evaluation command: prepare, report. Every option is checked before anything is trained; a bad
     * one is an IllegalArgumentException naming it.
     */
    public static void run(EvaluationArgs args, RankingMethod ranking) throws IOException {
        RecallModelOptions modelOptions = args.modelOptions();
        args.idOptions();
        args.vectors();
        args.source();
        Prepared prepared = prepare(args, System.out);
        report(prepared, ranking, modelOptions, System.out);
    }
}
