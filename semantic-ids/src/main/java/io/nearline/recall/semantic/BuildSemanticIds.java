package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command: builds (or updates) the semantic IDs of a catalogue, saves codebook and IDs, and prints a report.
 * {@code BuildSemanticIds <generator|dataset path> [--out DIR] [--vectors auto|text|behaviour] [--rebuild]
 * [option=value ...]}
 */
public final class BuildSemanticIds {

    private BuildSemanticIds() {
    }

    public static void main(String[] args) throws Exception {
        String source = null;
        Path out = Path.of("target", "semantic-ids");
        String vectorKind = "auto";
        boolean rebuild = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (arg.equals("--vectors") && i + 1 < args.length) {
                vectorKind = args[++i];
            } else if (arg.equals("--rebuild")) {
                rebuild = true;
            } else if (arg.contains("=")) {
                overrides.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (source == null && !arg.startsWith("--")) {
                source = arg;
            } else {
                fail("unexpected argument '" + arg + "'");
            }
        }
        if (source == null) {
            fail("usage: BuildSemanticIds <generator|dataset path> [--out DIR] [--vectors auto|text|behaviour]"
                    + " [--rebuild] [option=value ...]");
        }
        SemanticIdOptions options;
        try {
            options = SemanticIdOptions.of(overrides);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        run(source, out, vectorKind, rebuild, options);
    }

    private static void run(String source, Path out, String vectorKind, boolean rebuild, SemanticIdOptions options)
            throws Exception {
        long start = System.nanoTime();
        CatalogueInput input = CatalogueInput.open(source);
        boolean text = switch (vectorKind) {
            case "text" -> true;
            case "behaviour" -> false;
            case "auto" -> input.catalogue().stream().anyMatch(o -> !ObjectText.of(o, options.textKeys()).isEmpty());
            default -> {
                fail("--vectors must be auto, text or behaviour, was '" + vectorKind + "'");
                yield false;
            }
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

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
