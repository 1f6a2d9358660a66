package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.config.ToolRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command: builds (or updates) the semantic IDs of a catalogue, saves codebook and IDs, and prints a report.
 * {@code BuildSemanticIds <generator|dataset path> [--out DIR] [--vectors auto|text|behaviour] [--rebuild]
 * [option=value ...]}
 */
@Command(name = "BuildSemanticIds", mixinStandardHelpOptions = true,
        description = "Builds (or updates) the semantic IDs of a catalogue, saves codebook and IDs, prints a report.")
public final class BuildSemanticIds implements Callable<Integer> {

    private static final String USAGE = "<generator|dataset path> [--out DIR] [--vectors auto|text|behaviour]"
            + " [--rebuild] [option=value ...]";

    @Mixin
    private CatalogueArgs args;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/semantic-ids",
            description = "Where codebook and IDs are saved (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--rebuild", description = "Build a new codebook even when one is saved.")
    private boolean rebuild;

    private BuildSemanticIds() {
    }

    public static void main(String[] args) {
        ToolRunner.exit(new BuildSemanticIds(), args);
    }

    @Override
    public Integer call() throws Exception {
        String source = args.source(USAGE);
        String vectorKind = args.vectors();
        run(source, out, vectorKind, rebuild, SemanticIdOptions.of(args.overrides()));
        return 0;
    }

    private static void run(String source, Path out, String vectorKind, boolean rebuild, SemanticIdOptions options)
            throws Exception {
        long start = System.nanoTime();
        CatalogueInput input = CatalogueInput.open(source);
        boolean text = switch (vectorKind) {
            case "text" -> true;
            case "behaviour" -> false;
            case "auto" -> input.catalogue().stream().anyMatch(o -> !ObjectText.of(o, options.textKeys()).isEmpty());
            default -> throw new IllegalStateException(vectorKind);
        };
        VectorSource vectors = text ? TextEmbedder.of(options) : CooccurrenceVectors.learn(input.history(), options);
        Map<String, float[]> byObject = new LinkedHashMap<>();
        List<String> withoutVector = new ArrayList<>();
        for (MarketingObject object : input.catalogue()) {
            Optional<float[]> vector = vectors.vectorOf(object);
            if (vector.isPresent()) {
                byObject.put(object.getObjectId(), vector.get());
            } else {
                withoutVector.add(object.getObjectId());
            }
        }
        double vectorSeconds = (System.nanoTime() - start) / 1e9;
        SemanticIdBuilder.Outcome outcome = new SemanticIdBuilder(options, new SemanticIdStore(out))
                .build(byObject, vectors.describe(), rebuild);
        if (outcome instanceof SemanticIdBuilder.Outcome.Failed failed) {
            failed.problems().forEach(System.err::println);
            System.exit(2);
        }
        SemanticIdBuilder.Outcome.Built built = (SemanticIdBuilder.Outcome.Built) outcome;
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        BuildReport report = new BuildReport(input, byObject, built, withoutVector, options);
        report.print(System.out, vectors.describe(), out, vectorSeconds, totalSeconds);
        long loadStart = System.nanoTime();
        LiveCatalogue live = new LiveCatalogue(built.assignments(), vectors);
        Map<CatalogueChange.Kind, Long> changes = live.applyAll(input.catalogue()).stream()
                .collect(java.util.stream.Collectors.groupingBy(CatalogueChange::kind,
                        () -> new java.util.EnumMap<>(CatalogueChange.Kind.class),
                        java.util.stream.Collectors.counting()));
        System.out.printf(java.util.Locale.ROOT, "  live trie    %d objects in delivery after loading the catalogue"
                        + " (%s) in %.0f ms%n", live.snapshot().trie().size(), changes,
                (System.nanoTime() - loadStart) / 1e6);
    }
}
