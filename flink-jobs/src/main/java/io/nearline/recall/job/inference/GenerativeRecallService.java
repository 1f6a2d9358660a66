package io.nearline.recall.job.inference;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.inference.FleetInferenceClient;
import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.inference.InferenceClient;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.catalogue.SharedCatalogue;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.semantic.CatalogueSnapshot;
import io.nearline.recall.semantic.ParsedId;
import io.nearline.recall.semantic.PrefixDiversity;
import io.nearline.recall.semantic.RankedObject;
import io.nearline.recall.semantic.RecallList;
import io.nearline.recall.semantic.ScoredId;
import io.nearline.recall.semantic.SemanticIdOptions;
import io.nearline.recall.semantic.SemanticIdText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Generative recall through Triton's protocol: sends the user's prompt, parses the generated beams
 * strictly as semantic IDs, resolves them against the catalogue of objects in delivery, applies the
 * per-prefix diversity limit and returns the ranked marketing objects. A call that yields no object
 * in delivery fails rather than writing an empty or invented recall.
 */
public final class GenerativeRecallService implements RecallService {

    private final InferenceClient client;
    private final InferenceClientOptions clientOptions;
    private final SharedCatalogue.Lease catalogue;
    private final PrefixDiversity diversity;

    GenerativeRecallService(InferenceClient client, InferenceClientOptions clientOptions,
                            SharedCatalogue.Lease catalogue, PrefixDiversity diversity) {
        this.client = client;
        this.clientOptions = clientOptions;
        this.catalogue = catalogue;
        this.diversity = diversity;
    }

    /**
     * A factory from the job's options: {@code triton.*} for the client (see triton-client's README) and the
     * {@code redis.*} connection its global counter uses, {@code diversity.*} for the recall list (see
     * semantic-ids' README).
     */
    public static RecallServiceFactory factory(Map<String, String> settings, CatalogueSource source) {
        Map<String, String> copy = new HashMap<>(settings);
        return () -> {
            InferenceClientOptions options = InferenceClientOptions.fromMap(copy);
            SemanticIdOptions idOptions = SemanticIdOptions.of(prefixed(copy, "diversity."));
            // one server or a fleet (triton.fleet.*): balanced, health-checked, with a retry budget
            return new GenerativeRecallService(FleetInferenceClient.connect(options), options,
                    SharedCatalogue.open(source), PrefixDiversity.of(idOptions));
        };
    }

    @Override
    public CompletableFuture<RecallResult> recall(RecallRequest request) {
        // the trigger operator built the prompt incrementally in the user's state
        return client.infer(clientOptions.newRequest(request.requestId, request.userId, request.prompt))
                .thenApply(inference -> toResult(request, inference, catalogue.catalogue().snapshot()));
    }

    RecallResult toResult(RecallRequest request, RecallInference inference, CatalogueSnapshot snapshot) {
        List<ScoredId> beams = new ArrayList<>();
        int malformed = 0;
        for (GeneratedBeam beam : inference.beams()) {
            ParsedId parsed = SemanticIdText.parse(beam.text().strip(), snapshot.format());
            if (parsed instanceof ParsedId.Valid valid) {
                beams.add(new ScoredId(valid.id(), beam.cumLogProb()));
            } else {
                malformed++;
            }
        }
        RecallList list = diversity.apply(beams, snapshot);
        if (list.objects().isEmpty()) {
            throw new NothingToRecallException("no beam named an object in delivery: " + inference.beams().size()
                    + " beams, " + malformed + " malformed, " + list.rejected().size() + " not in delivery");
        }
        List<RecalledObject> objects = new ArrayList<>(list.objects().size());
        for (RankedObject ranked : list.objects()) {
            objects.add(new RecalledObject(ranked.objectId(), ranked.id().render(), ranked.score()));
        }
        return RecallResult.newBuilder()
                .setUserId(request.userId)
                .setObjects(objects)
                .setModelVersion(inference.modelName() + ":" + inference.modelVersion())
                .setPromptVersion(request.promptVersion)
                .setRulesVersion(request.rulesVersion == null ? "" : request.rulesVersion)
                .setGeneratedAt(Instant.now())
                .setEventTime(Instant.ofEpochMilli(request.eventTime))
                .build();
    }

    private static Map<String, String> prefixed(Map<String, String> settings, String prefix) {
        Map<String, String> selected = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    @Override
    public void close() {
        client.close();
        catalogue.close();
    }
}
