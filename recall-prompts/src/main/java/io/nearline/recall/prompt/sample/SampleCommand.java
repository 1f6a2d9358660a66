package io.nearline.recall.prompt.sample;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.SemanticIdLookup;
import io.nearline.recall.prompt.TextDictionary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes training samples (SFT and DPO JSONL) from a behaviour log:
 * {@code --source=generator|DATASET_PATH --out=FILE [--ids=DIR] [--objects-out=FILE] [prompt and sample options]}.
 * Semantic IDs come from the ID builder's saved assignments in {@code --ids} (the same IDs serving uses), or from
 * {@link StandInSemanticIds} when none are given. {@code --objects-out} also writes the catalogue as the samples
 * saw it (TSV {@code objectId, semantic ID, bid_ecpm}, header line {@code # semantic-id-version=V}): the trie an
 * offline evaluation searches and the object eCPMs a DPO evaluation scores, with the same IDs as the samples.
 */
@Command(name = "SampleCommand", mixinStandardHelpOptions = true,
        description = "Writes SFT and DPO training samples (JSONL) from a behaviour log; takes every prompt option.")
public final class SampleCommand extends PromptCommand {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The samples (JSONL).")
    private Path out;

    @Option(names = "--ids", paramLabel = "DIR", defaultValue = "",
            description = "Saved semantic IDs (BuildSemanticIds); default: stand-in IDs from the catalogue.")
    private String idsDirectory;

    @Option(names = "--objects-out", paramLabel = "FILE", defaultValue = "",
            description = "Also write the catalogue as the samples saw it (TSV objectId, semantic ID, bid_ecpm).")
    private String objectsOut;

    private SampleCommand() {
    }

    public static void main(String[] args) {
        ToolRunner.exit(new SampleCommand(), args);
    }

    @Override
    public Integer call() throws IOException {
        PromptOptions options = promptOptions();
        BehaviourLog log = BehaviourLogs.open(source, logOptions());
        SemanticIdLookup ids = idsDirectory.isEmpty()
                ? StandInSemanticIds.fromCatalogue(log.catalogue()) : SavedSemanticIds.load(Path.of(idsDirectory));
        PromptMetrics metrics = new PromptMetrics();
        TrainingSamples.Summary summary = write(log, ids, options, metrics, out);
        if (!objectsOut.isEmpty()) {
            long written = writeObjects(log.catalogue(), ids, Path.of(objectsOut));
            System.out.printf("catalogue objects with a semantic ID %d -> %s%n", written, objectsOut);
        }
        System.out.printf("source %s -> %s%n", log.name(), out);
        System.out.printf("users with responses %d (active %d), SFT records %d, DPO pairs %d, responses without ID %d%n",
                summary.users(), summary.activeUsers(), summary.sft(), summary.dpo(), summary.responsesWithoutId());
        System.out.printf("mean SFT prompt tokens %.1f, dictionary coverage %.4f%n", summary.meanPromptTokens(),
                metrics.coverage());
        return 0;
    }

    /**
     * Writes the SFT and DPO samples of a log with the saved semantic IDs of {@code idsDirectory}, and the catalogue
     * objects that have an ID, as this command does: for tools that train from a log they hold (the demo).
     */
    public static TrainingSamples.Summary export(BehaviourLog log, Path idsDirectory, PromptOptions options,
                                                 Path samplesOut, Path objectsOut) throws IOException {
        SemanticIdLookup ids = SavedSemanticIds.load(idsDirectory);
        TrainingSamples.Summary summary = write(log, ids, options, new PromptMetrics(), samplesOut);
        writeObjects(log.catalogue(), ids, objectsOut);
        return summary;
    }

    private static TrainingSamples.Summary write(BehaviourLog log, SemanticIdLookup ids, PromptOptions options,
                                                 PromptMetrics metrics, Path out) throws IOException {
        IncrementalPromptBuilder builder = IncrementalPromptBuilder
                .create(options, TextDictionary.fromClasspath(metrics), ids, metrics)
                .withCategories(new CatalogueCategories(log.catalogue()));
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            return new TrainingSamples(builder, ids).write(log, w);
        }
    }

    /** Objects of the catalogue that have a semantic ID, with their bid eCPM (empty when the log has none). */
    static long writeObjects(List<MarketingObject> catalogue, SemanticIdLookup ids, Path file) throws IOException {
        long written = 0;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.write("# semantic-id-version=" + ids.version() + "\n");
            for (MarketingObject object : catalogue) {
                String id = ids.render(object.getObjectId()).orElse(null);
                if (id == null || object.getObjectId().indexOf('\t') >= 0) {
                    continue;
                }
                String ecpm = object.getAttributes() == null ? null : object.getAttributes().get("bid_ecpm");
                w.write(object.getObjectId() + "\t" + id + "\t" + (ecpm == null ? "" : ecpm) + "\n");
                written++;
            }
        }
        return written;
    }
}
