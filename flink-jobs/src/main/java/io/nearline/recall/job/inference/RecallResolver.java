package io.nearline.recall.job.inference;

import io.nearline.recall.avro.DroppedBeam;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.semantic.CatalogueSnapshot;
import io.nearline.recall.semantic.ParsedId;
import io.nearline.recall.semantic.PrefixDiversity;
import io.nearline.recall.semantic.RankedObject;
import io.nearline.recall.semantic.RecallList;
import io.nearline.recall.semantic.Resolution;
import io.nearline.recall.semantic.ScoredId;
import io.nearline.recall.semantic.SemanticIdText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns generated beams into a recall: parses them strictly as semantic IDs, resolves them against one
 * snapshot of the catalogue of objects in delivery, applies the per-prefix diversity limit and ranks the
 * marketing objects. An answer that names no object in delivery is a {@link NothingToRecallException},
 * never an empty or invented recall.
 */
public final class RecallResolver {

    /** The recall made of an answer (null when it names no object in delivery), and, when asked for, what was left out. */
    public record Outcome(RecallResult recall, List<DroppedBeam> dropped, String problem) {}

    private final PrefixDiversity diversity;

    public RecallResolver(PrefixDiversity diversity) {
        this.diversity = diversity;
    }

    public RecallResult resolve(GeneratedRecall generated, CatalogueSnapshot snapshot) {
        Outcome outcome = resolve(generated, snapshot, false);
        if (outcome.recall() == null) {
            throw new NothingToRecallException(outcome.problem());
        }
        return outcome.recall();
    }

    /** As {@link #resolve(GeneratedRecall, CatalogueSnapshot)}, never throwing; lists what was left out and why when {@code explain}. */
    public Outcome resolve(GeneratedRecall generated, CatalogueSnapshot snapshot, boolean explain) {
        List<ScoredId> beams = new ArrayList<>();
        List<DroppedBeam> dropped = new ArrayList<>();
        List<String> validTexts = new ArrayList<>();
        int malformed = 0;
        for (int i = 0; i < generated.beamTexts.length; i++) {
            ParsedId parsed = SemanticIdText.parse(generated.beamTexts[i].strip(), snapshot.format());
            if (parsed instanceof ParsedId.Valid valid) {
                beams.add(new ScoredId(valid.id(), generated.beamLogProbs[i]));
                validTexts.add(valid.id().render());
            } else {
                malformed++;
                if (explain) {
                    dropped.add(new DroppedBeam(generated.beamTexts[i], "malformed: " + ((ParsedId.Rejected) parsed).reason()));
                }
            }
        }
        RecallList list = diversity.apply(beams, snapshot);
        if (explain) {
            explainDropped(list, validTexts, dropped);
        }
        if (list.objects().isEmpty()) {
            return new Outcome(null, dropped, "no beam named an object in delivery: " + generated.beamTexts.length
                    + " beams, " + malformed + " malformed, " + list.rejected().size() + " not in delivery");
        }
        List<RecalledObject> objects = new ArrayList<>(list.objects().size());
        for (RankedObject ranked : list.objects()) {
            objects.add(new RecalledObject(ranked.objectId(), ranked.id().render(), ranked.score()));
        }
        RecallResult recall = RecallResult.newBuilder()
                .setUserId(generated.userId)
                .setObjects(objects)
                .setModelVersion(generated.modelVersion)
                .setPromptVersion(generated.promptVersion)
                .setRulesVersion(generated.rulesVersion == null ? "" : generated.rulesVersion)
                .setGeneratedAt(Instant.now())
                .setEventTime(Instant.ofEpochMilli(generated.eventTime))
                .setArm(generated.arm)
                .build();
        return new Outcome(recall, dropped, null);
    }

    private static void explainDropped(RecallList list, List<String> validTexts, List<DroppedBeam> dropped) {
        Set<String> accounted = new HashSet<>();
        for (Resolution.Rejected rejected : list.rejected()) {
            dropped.add(new DroppedBeam(rejected.text(), "not in delivery: " + rejected.reason()));
            accounted.add(rejected.text());
        }
        list.objects().forEach(ranked -> accounted.add(ranked.id().render()));
        for (String text : validTexts) {
            if (accounted.add(text)) {
                dropped.add(new DroppedBeam(text, "left out by the diversity step (its prefix had its share, "
                        + "a duplicate object, or the list was full)"));
            }
        }
    }
}
