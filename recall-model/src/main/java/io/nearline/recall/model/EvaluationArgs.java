package io.nearline.recall.model;

import io.nearline.recall.semantic.SemanticIdOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
            description = "'generator' or a dataset path (ml-100k folder, Beauty.txt).")
    private String source;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "Recall-model or semantic-ID options, e.g. evaluation.beam-width=300 evaluation.cutoffs=10,50.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/evaluation",
            description = "Where the learned semantic IDs are kept (default: ${DEFAULT-VALUE}).")
    private Path workDirectory;

    @Option(names = "--vectors", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, behaviour or text (default: ${DEFAULT-VALUE}): auto is text when the catalogue has text.")
    private String vectors;

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
        if (source == null) {
            throw new IllegalArgumentException("no dataset given; usage: " + USAGE);
        }
        return source;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /** null for auto: text when the catalogue has text, behaviour otherwise. */
    public EvaluationIds.Vectors vectors() {
        return switch (vectors) {
            case "auto" -> null;
            case "behaviour" -> EvaluationIds.Vectors.BEHAVIOUR;
            case "text" -> EvaluationIds.Vectors.TEXT;
            default -> throw new IllegalArgumentException("--vectors must be auto, behaviour or text, was '"
                    + vectors + "'");
        };
    }

    /** The recall-model keys among the arguments over the defaults. */
    public RecallModelOptions modelOptions() {
        Map<String, String> model = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
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
        overrides.forEach((key, value) -> {
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
