package io.nearline.recall.model;

import io.nearline.recall.semantic.SemanticIdOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of the offline evaluation commands:
 * {@code <dataset path|generator> [--work DIR] [--vectors auto|behaviour|text] [key=value ...]}, where a key is a
 * {@link RecallModelOptions} or a {@link SemanticIdOptions} key. The IDs default to TIGER's layout (every ID has a
 * collision code, so none is a prefix of another).
 *
 * @param vectors null for auto: text when the catalogue has text, behaviour otherwise
 */
public record EvaluationArgs(String source, Path workDirectory, EvaluationIds.Vectors vectors,
                             RecallModelOptions modelOptions, SemanticIdOptions idOptions) {

    public static final String USAGE = "<dataset path|generator> [--work DIR] [--vectors auto|behaviour|text]"
            + " [model or semantic-id option=value ...]";

    /** Parses the arguments; a problem is an IllegalArgumentException saying which argument and why. */
    public static EvaluationArgs parse(String[] args) {
        String source = null;
        Path work = Path.of("target", "evaluation");
        EvaluationIds.Vectors vectors = null;
        Map<String, String> modelOverrides = new LinkedHashMap<>();
        Map<String, String> idOverrides = new LinkedHashMap<>();
        idOverrides.put(SemanticIdOptions.ALWAYS_SUFFIX.key(), "true");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--work") && i + 1 < args.length) {
                work = Path.of(args[++i]);
            } else if (arg.equals("--vectors") && i + 1 < args.length) {
                vectors = switch (args[++i]) {
                    case "auto" -> null;
                    case "behaviour" -> EvaluationIds.Vectors.BEHAVIOUR;
                    case "text" -> EvaluationIds.Vectors.TEXT;
                    default -> throw new IllegalArgumentException("--vectors must be auto, behaviour or text, was '"
                            + args[i] + "'");
                };
            } else if (arg.contains("=") && !arg.startsWith("--")) {
                String key = arg.substring(0, arg.indexOf('='));
                String value = arg.substring(arg.indexOf('=') + 1);
                boolean modelKey = RecallModelOptions.all().stream().anyMatch(o -> o.key().equals(key));
                (modelKey ? modelOverrides : idOverrides).put(key, value);
            } else if (source == null && !arg.startsWith("--")) {
                source = arg;
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; usage: " + USAGE);
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("no dataset given; usage: " + USAGE);
        }
        return new EvaluationArgs(source, work, vectors, RecallModelOptions.of(modelOverrides),
                SemanticIdOptions.of(idOverrides));
    }
}
