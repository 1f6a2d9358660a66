package io.nearline.recall.prompt.sample;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogs;
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
import java.util.Set;

/**
 * Writes training samples (SFT and DPO JSONL) from a behaviour log:
 * {@code --source=generator|DATASET_PATH --out=FILE [--ids=DIR] [prompt and sample options]}. Semantic IDs
 * come from the ID builder's saved assignments in {@code --ids} (the same IDs serving uses), or from
 * {@link StandInSemanticIds} when none are given.
 */
public final class SampleCommand {

    private SampleCommand() {
    }

    public static void main(String[] args) throws IOException {
        CommandArgs a = new CommandArgs(args, Set.of("source", "out", "ids"));
        PromptOptions options = a.promptOptions();
        BehaviourLog log = BehaviourLogs.open(a.required("source"), a.logOptions());
        Path out = Path.of(a.required("out"));
        String idsDirectory = a.get("ids", "");
        SemanticIdLookup ids = idsDirectory.isEmpty()
                ? StandInSemanticIds.fromCatalogue(log.catalogue()) : SavedSemanticIds.load(Path.of(idsDirectory));
        PromptMetrics metrics = new PromptMetrics();
        IncrementalPromptBuilder builder = IncrementalPromptBuilder
                .create(options, TextDictionary.fromClasspath(metrics), ids, metrics)
                .withCategories(new CatalogueCategories(log.catalogue()));
        TrainingSamples.Summary summary;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            summary = new TrainingSamples(builder, ids).write(log, w);
        }
        System.out.printf("source %s -> %s%n", log.name(), out);
        System.out.printf("users with responses %d (active %d), SFT records %d, DPO pairs %d, responses without ID %d%n",
                summary.users(), summary.activeUsers(), summary.sft(), summary.dpo(), summary.responsesWithoutId());
        System.out.printf("mean SFT prompt tokens %.1f, dictionary coverage %.4f%n", summary.meanPromptTokens(),
                metrics.coverage());
    }
}
