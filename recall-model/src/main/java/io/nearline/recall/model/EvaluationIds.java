package io.nearline.recall.model;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.semantic.CooccurrenceVectors;
import io.nearline.recall.semantic.SemanticIdBuilder;
import io.nearline.recall.semantic.SemanticIdOptions;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.TextEmbedder;
import io.nearline.recall.semantic.VectorSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic IDs for offline evaluation, learned without the held-out targets: behaviour vectors come from the
 * training sequences only, text vectors from item text. Every catalogue object needs an ID because ranking is over
 * all items; an object without a vector (never in training, or no text) is quantised from the zero vector.
 */
public final class EvaluationIds {

    /** Which vectors the codebook is learned from. */
    public enum Vectors { BEHAVIOUR, TEXT }

    private EvaluationIds() {
    }

    /** Learns a codebook and numbers the whole catalogue into {@code directory} (a new version each call). */
    public static SemanticIdSet build(Vectors kind, Collection<List<String>> training, List<MarketingObject> catalogue,
            SemanticIdOptions options, Path directory) throws IOException {
        VectorSource source = kind == Vectors.TEXT ? TextEmbedder.of(options)
                : CooccurrenceVectors.learn(training, options);
        Map<String, float[]> vectors = new LinkedHashMap<>();
        int dimension = -1;
        for (MarketingObject object : catalogue) {
            Optional<float[]> vector = source.vectorOf(object);
            if (vector.isPresent()) {
                vectors.put(object.getObjectId(), vector.get());
                dimension = vector.get().length;
            }
        }
        if (dimension < 0) {
            throw new IllegalArgumentException("no catalogue object has a vector from " + source.describe());
        }
        for (MarketingObject object : catalogue) {
            vectors.putIfAbsent(object.getObjectId(), new float[dimension]);
        }
        SemanticIdBuilder.Outcome outcome = new SemanticIdBuilder(options, new SemanticIdStore(directory))
                .build(vectors, source.describe(), true);
        if (outcome instanceof SemanticIdBuilder.Outcome.Failed failed) {
            throw new IllegalStateException("semantic IDs could not be built: " + failed.problems());
        }
        SemanticIdBuilder.Outcome.Built built = (SemanticIdBuilder.Outcome.Built) outcome;
        if (!built.refused().isEmpty()) {
            throw new IllegalStateException(built.refused().size() + " objects got no semantic ID, e.g. "
                    + built.refused().get(0) + "; raise collision.max-codes");
        }
        return SemanticIdSet.of(built.assignments());
    }
}
