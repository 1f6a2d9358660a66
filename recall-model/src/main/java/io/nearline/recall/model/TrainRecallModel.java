package io.nearline.recall.model;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command: trains the serving model on a whole behaviour log over the semantic IDs saved by BuildSemanticIds, and
 * writes the model file.
 * {@code TrainRecallModel <generator|dataset path> --ids DIR [--ids-version N] [--out FILE] [option=value ...]}
 */
@Command(name = "TrainRecallModel", mixinStandardHelpOptions = true,
        description = "Trains the serving model on a whole behaviour log over saved semantic IDs; writes the model file.")
public final class TrainRecallModel implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "'generator' or a dataset path.")
    private String source;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Recall-model options, e.g. model.version=2.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--ids", paramLabel = "DIR", required = true,
            description = "The semantic IDs saved by BuildSemanticIds.")
    private Path idsDirectory;

    @Option(names = "--ids-version", paramLabel = "N", description = "Version of the IDs (default: the latest).")
    private Integer idsVersion;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Model file (default: target/recall-model/recall-model-VERSION.bin).")
    private Path out;

    private TrainRecallModel() {
    }

    public static void main(String[] args) {
        ToolRunner.exit(new TrainRecallModel(), args);
    }

    @Override
    public Integer call() throws Exception {
        RecallModelOptions options = RecallModelOptions.of(overrides);
        SemanticIdStore store = new SemanticIdStore(idsDirectory);
        OptionalInt version = idsVersion != null ? OptionalInt.of(idsVersion) : store.latestVersion();
        if (version.isEmpty()) {
            throw new IllegalArgumentException(idsDirectory + " holds no semantic IDs; run BuildSemanticIds first");
        }
        StoredIds stored = store.load(version.getAsInt());
        if (stored instanceof StoredIds.Failed failed) {
            failed.problems().forEach(System.err::println);
            return ToolRunner.USAGE;
        }
        SemanticIdSet ids = SemanticIdSet.of(((StoredIds.Loaded) stored).assignments());
        BehaviourLog log = BehaviourLogs.open(source, BehaviourLogOptions.defaults());
        ModelTrainer.Trained trained = ModelTrainer.train(TrainingSequences.of(log, options).values(), ids,
                log.name(), options);
        Path file = out != null ? out : Path.of("target", "recall-model", "recall-model-" + options.modelVersion() + ".bin");
        ModelFile.write(trained.model(), file);
        ModelTrainer.Report report = trained.report();
        System.out.println(trained.model().header().describe());
        System.out.printf(Locale.ROOT, "  %d sequences, %d interactions (%d without a semantic ID dropped), %d items,"
                        + " %d transitions, trained in %.2f s%n", report.sequences(), report.interactions(),
                report.droppedInteractions(), report.items(), report.transitionEntries(), report.seconds());
        System.out.printf(Locale.ROOT, "  written to %s (%d bytes)%n", file, Files.size(file));
        return 0;
    }
}
