package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of one semantic-ID build: catalogue, collisions, codebook use and quality checks. */
final class BuildReport {

    /** Tencent's published collision rate between different marketing objects at 4 levels of 256 codes. */
    static final double TENCENT_COLLISION_RATE = 0.0406;

    private final CatalogueInput input;
    private final Map<String, float[]> vectors;
    private final SemanticIdBuilder.Outcome.Built built;
    private final List<String> withoutVector;
    private final SemanticIdOptions options;

    BuildReport(CatalogueInput input, Map<String, float[]> vectors, SemanticIdBuilder.Outcome.Built built,
                List<String> withoutVector, SemanticIdOptions options) {
        this.input = input;
        this.vectors = vectors;
        this.built = built;
        this.withoutVector = withoutVector;
        this.options = options;
    }

    void print(PrintStream out, String vectorSource, Path directory, double vectorSeconds, double totalSeconds) {
        IdAssignments assignments = built.assignments();
        Codebook codebook = assignments.codebook();
        List<String> objects = new ArrayList<>();
        List<SemanticId> ids = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<float[]> objectVectors = new ArrayList<>();
        for (MarketingObject object : input.catalogue()) {
            assignments.idOf(object.getObjectId()).ifPresent(id -> {
                objects.add(object.getObjectId());
                ids.add(id);
                labels.add(object.getText().get("category"));
                objectVectors.add(vectors.get(object.getObjectId()));
            });
        }
        CodeStatistics stats = CodeStatistics.of(ids, codebook.levels(), codebook.codes());
        out.printf(Locale.ROOT, "semantic IDs of %s (%d marketing objects)%n", input.name(), input.catalogue().size());
        out.printf(Locale.ROOT, "  vectors      %s: %d dimensions, %d objects without a vector%n", vectorSource,
                codebook.dimension(), withoutVector.size());
        out.printf(Locale.ROOT, "  codebook     v%d, %s, %d levels x %d codes, max-load %s, seed %d%n",
                codebook.version(), built.learned() ? "learned now" : "saved (update)", codebook.levels(),
                codebook.codes(), options.maxLoad(), options.seed());
        out.printf(Locale.ROOT, "  assigned     %d objects hold IDs, %d given by this run, %d refused%n",
                stats.objects(), built.assigned().size(), built.refused().size());
        built.refused().stream().limit(10).forEach(reason -> out.println("    refused " + reason));
        out.printf(Locale.ROOT, "  files        %s, %s%n",
                directory.resolve("codebook-v" + codebook.version() + ".bin"),
                directory.resolve("ids-v" + codebook.version() + ".tsv"));
        out.printf(Locale.ROOT, "  time         vectors %.1f s, total %.1f s%n", vectorSeconds, totalSeconds);
        out.printf(Locale.ROOT, "  collisions   %.2f%% of objects share all %d codes with an earlier one (%d of %d;"
                        + " largest group %d) -- Tencent: %.2f%% at 4x256%n", 100 * stats.collisionRate(),
                codebook.levels(), stats.objects() - stats.distinctBaseIds(), stats.objects(),
                stats.largestCollisionGroup(), 100 * TENCENT_COLLISION_RATE);
        out.println("  level  codes used  entropy  fullest code  trie fan-out");
        for (CodeStatistics.Level level : stats.perLevel()) {
            out.printf(Locale.ROOT, "  %5d  %9.1f%%  %7.3f  %12d  %12.2f%n", level.level(), 100 * level.usedShare(),
                    level.entropy(), level.largestCode(), level.fanOut());
        }
        if (labels.stream().anyMatch(label -> label != null)) {
            var agreement = NeighbourQuality.categories(ids, labels, objectVectors.toArray(new float[0][]));
            out.printf(Locale.ROOT, "  category     neighbours by longest shared prefix share the category %.1f%%,"
                            + " random %.1f%%, nearest vector %.1f%% (%d objects, mean shared prefix %.2f codes)%n",
                    100 * agreement.byPrefix(), 100 * agreement.random(), 100 * agreement.byVector(),
                    agreement.labelled(), agreement.meanSharedPrefix());
        } else {
            out.println("  category     none in this catalogue: see the held-out transitions");
        }
        List<SemanticId[]> pairs = new ArrayList<>();
        for (String[] pair : input.heldOut()) {
            var previous = assignments.idOf(pair[0]);
            var next = assignments.idOf(pair[1]);
            if (previous.isPresent() && next.isPresent() && !pair[0].equals(pair[1])) {
                pairs.add(new SemanticId[] {previous.get(), next.get()});
            }
        }
        if (!pairs.isEmpty()) {
            var transitions = NeighbourQuality.transitions(pairs, ids);
            out.printf(Locale.ROOT, "  held-out     a user's last item shares the 1st code with the item before"
                            + " %.2f%% (random %.2f%%), the first 2 codes %.2f%% (random %.3f%%) over %d users%n",
                    100 * transitions.sharesFirst(), 100 * transitions.randomFirst(), 100 * transitions.sharesTwo(),
                    100 * transitions.randomTwo(), transitions.pairs());
        }
    }
}
