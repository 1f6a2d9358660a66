package io.nearline.recall.semantic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments of every command that learns semantic IDs from a behaviour log, a picocli mixin:
 * {@code SOURCE [--vectors auto|text|behaviour] [KEY=VALUE ...]}, the keys being options of the module READMEs
 * (read once every argument is in, so keys checked against each other may come in any order).
 */
public final class CatalogueArgs {

    private static final Set<String> VECTORS = Set.of("auto", "text", "behaviour");

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
            description = "'generator' or a dataset path (ml-100k folder, Beauty.txt).")
    private String source;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "Options of the module READMEs, e.g. quantiser.levels=4 or evaluation.cutoffs=10,50.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--vectors", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, text or behaviour (default: ${DEFAULT-VALUE}): auto embeds text when the catalogue has text.")
    private String vectors;

    /** @throws IllegalArgumentException when no source was given */
    public String source(String usage) {
        if (source == null) {
            throw new IllegalArgumentException("no dataset given; usage: " + usage);
        }
        return source;
    }

    /** The KEY=VALUE arguments, in the order given. */
    public Map<String, String> overrides() {
        return Collections.unmodifiableMap(overrides);
    }

    /** auto, text or behaviour; anything else is an IllegalArgumentException naming the flag. */
    public String vectors() {
        if (!VECTORS.contains(vectors)) {
            throw new IllegalArgumentException("--vectors must be auto, text or behaviour, was '" + vectors + "'");
        }
        return vectors;
    }
}
