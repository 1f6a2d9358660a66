package io.nearline.recall.model;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Command: trains the serving model on a whole behaviour log over the semantic IDs saved by BuildSemanticIds, and
 * writes the model file.
 * {@code TrainRecallModel <generator|dataset path> --ids DIR [--ids-version N] [--out FILE] [option=value ...]}
 */
public final class TrainRecallModel {

    private static final String USAGE = "usage: TrainRecallModel <generator|dataset path> --ids DIR [--ids-version N]"
            + " [--out FILE] [option=value ...]";

    private TrainRecallModel() {
    }

    public static void main(String[] args) throws Exception {
        String source = null;
        Path idsDirectory = null;
        Integer idsVersion = null;
        Path out = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--ids") && i + 1 < args.length) {
                idsDirectory = Path.of(args[++i]);
            } else if (arg.equals("--ids-version") && i + 1 < args.length) {
                idsVersion = Integer.parseInt(args[++i]);
            } else if (arg.equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (arg.contains("=") && !arg.startsWith("--")) {
                overrides.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (source == null && !arg.startsWith("--")) {
                source = arg;
            } else {
                fail("unexpected argument '" + arg + "'; " + USAGE);
            }
        }
        if (source == null || idsDirectory == null) {
            fail(USAGE);
        }
        RecallModelOptions options;
        try {
            options = RecallModelOptions.of(overrides);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        SemanticIdStore store = new SemanticIdStore(idsDirectory);
        OptionalInt version = idsVersion != null ? OptionalInt.of(idsVersion) : store.latestVersion();
        if (version.isEmpty()) {
            fail(idsDirectory + " holds no semantic IDs; run BuildSemanticIds first");
        }
        StoredIds stored = store.load(version.getAsInt());
        if (stored instanceof StoredIds.Failed failed) {
            failed.problems().forEach(System.err::println);
            System.exit(2);
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
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
