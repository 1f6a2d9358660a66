package io.nearline.recall.model;

import io.nearline.recall.semantic.CatalogueArgs;
import io.nearline.recall.semantic.SemanticIdOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The arguments of the offline evaluation commands, a picocli mixin:
 * {@code <dataset path|generator> [--work DIR] [--vectors auto|behaviour|text] [key=value ...]}, where a key is a
 * {@link RecallModelOptions} or a {@link SemanticIdOptions} key. The IDs default to TIGER's layout (every ID has a
 * collision code, so none is a prefix of another). Options are read once every argument is in, so keys checked
 * against each other (beam width and cutoffs) may come in any order.
 */
public final class EvaluationArgs {

    public static final String USAGE = "<dataset path|generator> [--work DIR] [--vectors auto|behaviour|text]"
            + " [model or semantic-id option=value ...]";

    @Mixin
    private CatalogueArgs catalogue = new CatalogueArgs();

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/evaluation",
            description = "Where the learned semantic IDs are kept (default: ${DEFAULT-VALUE}).")
    private Path workDirectory;

    /** Parses the arguments; a problem is an IllegalArgumentException saying which argument and why. */
    public static EvaluationArgs parse(String... args) {
        EvaluationArgs parsed = new EvaluationArgs();
        try {
            new CommandLine(parsed).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "; usage: " + USAGE, e);
        }
        parsed.modelOptions();
        parsed.idOptions();
        return parsed;
    }

    /** @throws IllegalArgumentException when no dataset was given */
    public String source() {
        return catalogue.source(USAGE);
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /** null for auto: text when the catalogue has text, behaviour otherwise. */
    public EvaluationIds.Vectors vectors() {
        return switch (catalogue.vectors()) {
            case "behaviour" -> EvaluationIds.Vectors.BEHAVIOUR;
            case "text" -> EvaluationIds.Vectors.TEXT;
            default -> null;
        };
    }

    /** The recall-model keys among the arguments over the defaults. */
    public RecallModelOptions modelOptions() {
        Map<String, String> model = new LinkedHashMap<>();
        catalogue.overrides().forEach((key, value) -> {
            if (isModelKey(key)) {
                model.put(key, value);
            }
        });
        return RecallModelOptions.of(model);
    }

    /** The semantic-ID keys among the arguments over TIGER's layout. */
    public SemanticIdOptions idOptions() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(SemanticIdOptions.ALWAYS_SUFFIX.key(), "true");
        catalogue.overrides().forEach((key, value) -> {
            if (!isModelKey(key)) {
                ids.put(key, value);
            }
        });
        return SemanticIdOptions.of(ids);
    }

    private static boolean isModelKey(String key) {
        return RecallModelOptions.all().stream().anyMatch(o -> o.key().equals(key));
    }
}
