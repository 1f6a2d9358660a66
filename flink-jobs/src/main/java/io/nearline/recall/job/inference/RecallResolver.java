package io.nearline.recall.job.inference;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.semantic.CatalogueSnapshot;
import io.nearline.recall.semantic.ParsedId;
import io.nearline.recall.semantic.PrefixDiversity;
import io.nearline.recall.semantic.RankedObject;
import io.nearline.recall.semantic.RecallList;
import io.nearline.recall.semantic.ScoredId;
import io.nearline.recall.semantic.SemanticIdText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns generated beams into a recall: parses them strictly as semantic IDs, resolves them against one
 * snapshot of the catalogue of objects in delivery, applies the per-prefix diversity limit and ranks the
 * marketing objects. An answer that names no object in delivery is a {@link NothingToRecallException},
 * never an empty or invented recall.
 */
public final class RecallResolver {

    private final PrefixDiversity diversity;

    public RecallResolver(PrefixDiversity diversity) {
        this.diversity = diversity;
    }

    public RecallResult resolve(GeneratedRecall generated, CatalogueSnapshot snapshot) {
        List<ScoredId> beams = new ArrayList<>();
        int malformed = 0;
        for (int i = 0; i < generated.beamTexts.length; i++) {
            ParsedId parsed = SemanticIdText.parse(generated.beamTexts[i].strip(), snapshot.format());
            if (parsed instanceof ParsedId.Valid valid) {
                beams.add(new ScoredId(valid.id(), generated.beamLogProbs[i]));
            } else {
                malformed++;
            }
        }
        RecallList list = diversity.apply(beams, snapshot);
        if (list.objects().isEmpty()) {
            throw new NothingToRecallException("no beam named an object in delivery: " + generated.beamTexts.length
                    + " beams, " + malformed + " malformed, " + list.rejected().size() + " not in delivery");
        }
        List<RecalledObject> objects = new ArrayList<>(list.objects().size());
        for (RankedObject ranked : list.objects()) {
            objects.add(new RecalledObject(ranked.objectId(), ranked.id().render(), ranked.score()));
        }
        return RecallResult.newBuilder()
                .setUserId(generated.userId)
                .setObjects(objects)
                .setModelVersion(generated.modelVersion)
                .setPromptVersion(generated.promptVersion)
                .setRulesVersion(generated.rulesVersion == null ? "" : generated.rulesVersion)
                .setGeneratedAt(Instant.now())
                .setEventTime(Instant.ofEpochMilli(generated.eventTime))
                .build();
    }
}
