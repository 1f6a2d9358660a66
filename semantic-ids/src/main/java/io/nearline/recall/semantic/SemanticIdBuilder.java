package io.nearline.recall.semantic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Builds or updates the semantic IDs of a catalogue against a store: with no saved codebook (or on an explicit
 * rebuild) it learns codebook version N+1 and numbers every object; otherwise it keeps every saved ID and gives
 * only new objects IDs from the saved codebook.
 */
public final class SemanticIdBuilder {

    /** What a build did. */
    public sealed interface Outcome {

        /**
         * @param learned  true when a new codebook version was learned
         * @param assigned objects given an ID by this run
         * @param refused  "objectId: reason" for objects that could not be given one
         */
        record Built(IdAssignments assignments, boolean learned, List<String> assigned, List<String> refused)
                implements Outcome {}

        /** Nothing was written; the problems say why. */
        record Failed(List<String> problems) implements Outcome {}
    }

    private final SemanticIdOptions options;
    private final SemanticIdStore store;

    public SemanticIdBuilder(SemanticIdOptions options, SemanticIdStore store) {
        this.options = options;
        this.store = store;
    }

    /**
     * @param vectors      objectId to vector, in catalogue order (the order of first numbering)
     * @param vectorSource what made the vectors; must match the saved codebook's unless rebuilding
     */
    public Outcome build(Map<String, float[]> vectors, String vectorSource, boolean rebuild) throws IOException {
        OptionalInt latest = store.latestVersion();
        if (latest.isEmpty() || rebuild) {
            return learn(vectors, vectorSource, latest.orElse(0) + 1);
        }
        StoredIds stored = store.load(latest.getAsInt());
        if (stored instanceof StoredIds.Failed failed) {
            return new Outcome.Failed(failed.problems());
        }
        IdAssignments assignments = ((StoredIds.Loaded) stored).assignments();
        Codebook codebook = assignments.codebook();
        if (!codebook.vectorSource().equals(vectorSource)) {
            return new Outcome.Failed(List.of("codebook v" + codebook.version() + " was learned from '"
                    + codebook.vectorSource() + "' but vectors now come from '" + vectorSource
                    + "'; rebuild for a new version"));
        }
        List<String> assigned = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
            if (assignments.idOf(entry.getKey()).isPresent()) {
                continue;
            }
            IdAssignments.Assigned result = assignments.assign(entry.getKey(), entry.getValue());
            if (result instanceof IdAssignments.Assigned.Refused no) {
                refused.add(entry.getKey() + ": " + no.reason());
            } else {
                assigned.add(entry.getKey());
            }
        }
        store.save(assignments);
        return new Outcome.Built(assignments, false, assigned, refused);
    }

    private Outcome learn(Map<String, float[]> vectors, String vectorSource, int version) throws IOException {
        if (vectors.isEmpty()) {
            return new Outcome.Failed(List.of("the catalogue has no object with a vector"));
        }
        List<String> objects = new ArrayList<>(vectors.keySet());
        float[][] matrix = vectors.values().toArray(new float[0][]);
        ResidualQuantiser.Training training = ResidualQuantiser.train(matrix, options, version, vectorSource);
        IdAssignments assignments = new IdAssignments(training.codebook(), options.alwaysSuffix(),
                options.maxCollisionCodes());
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            IdAssignments.Assigned result = assignments.assignCodes(objects.get(i), training.codes()[i]);
            if (result instanceof IdAssignments.Assigned.Refused no) {
                refused.add(objects.get(i) + ": " + no.reason());
            }
        }
        store.save(assignments);
        List<String> assigned = objects.stream().filter(o -> assignments.idOf(o).isPresent()).toList();
        return new Outcome.Built(assignments, true, assigned, refused);
    }
}
