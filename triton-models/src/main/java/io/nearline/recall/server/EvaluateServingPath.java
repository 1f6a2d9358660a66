package io.nearline.recall.server;

import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.model.EvaluationArgs;
import io.nearline.recall.model.OfflineEvaluation;
import io.nearline.recall.model.RankingMethod;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.model.SequentialRecallModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command: offline evaluation of the recall model through the server's constrained beam search (leave-one-out,
 * ranking over all items, HR@K and NDCG@K beside the popularity baseline and published figures). Arguments:
 * {@link EvaluationArgs#USAGE}; the beam width is {@code evaluation.beam-width}. With {@code --checkpoint=DIR} it
 * evaluates the recall LLM instead, on the SFT samples it was trained from ({@link TransformerEvaluation}); with
 * {@code --fusion-weights} as well, it chooses the fusion weight with the count model on validation
 * ({@link FusionEvaluation}).
 */
@Command(name = "EvaluateServingPath", mixinStandardHelpOptions = true,
        description = "Offline evaluation through the server's constrained beam search; with --checkpoint, of the "
                + "recall LLM on its SFT samples.")
public final class EvaluateServingPath implements RankingMethod, Callable<Integer> {

    @Mixin
    private EvaluationArgs args;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "The recall LLM's checkpoint: evaluate it instead.")
    private String checkpoint;

    @Option(names = "--samples", paramLabel = "FILE", description = "With --checkpoint: the SFT samples (JSONL).")
    private String samples;

    @Option(names = "--objects", paramLabel = "FILE", description = "With --checkpoint: the catalogue objects (TSV).")
    private String objects;

    @Option(names = "--beam-width", paramLabel = "N", defaultValue = "300",
            description = "With --checkpoint: the beam width (default: ${DEFAULT-VALUE}).")
    private int beamWidth;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "With --checkpoint: evaluate the first N users of each part; 0 = all.")
    private int limit;

    @Option(names = "--fusion-weights", paramLabel = "W,W,...",
            description = "With --checkpoint: sweep these fusion weights and the count model alone on validation,"
                    + " then test at the chosen one (needs --ids).")
    private String fusionWeights;

    @Option(names = "--ids", paramLabel = "DIR",
            description = "With --fusion-weights: the semantic IDs saved by BuildSemanticIds (the count model's).")
    private String ids;

    @Option(names = "--users", paramLabel = "FILE",
            description = "With --fusion-weights: the users to evaluate, 'part<TAB>user' lines (eval_users.py).")
    private String users;

    public static void main(String[] args) {
        ToolRunner.exit(new EvaluateServingPath(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (checkpoint != null) {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("checkpoint", checkpoint);
            options.put("beam-width", Integer.toString(beamWidth));
            options.put("limit", Integer.toString(limit));
            if (samples != null) {
                options.put("samples", samples);
            }
            if (objects != null) {
                options.put("objects", objects);
            }
            if (fusionWeights != null) {
                options.put("fusion-weights", fusionWeights);
                putIfSet(options, "ids", ids);
                putIfSet(options, "users", users);
                FusionEvaluation.run(options, System.out);
            } else {
                TransformerEvaluation.run(options, System.out);
            }
        } else {
            OfflineEvaluation.run(args, this);
        }
        return 0;
    }

    private static void putIfSet(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
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
