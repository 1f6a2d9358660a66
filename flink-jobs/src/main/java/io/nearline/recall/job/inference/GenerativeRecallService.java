package io.nearline.recall.job.inference;

import io.nearline.recall.inference.FleetClient;
import io.nearline.recall.inference.FleetSnapshot;
import io.nearline.recall.inference.InferenceClient;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.user.RecallRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;

/**
 * Generative recall through Triton's protocol: sends the user's prompt and returns the generated beams.
 * They are resolved against the catalogue downstream, in {@link ResolveRecall}, where the catalogue
 * arrives as a broadcast input.
 */
public final class GenerativeRecallService implements RecallService {

    private final InferenceClient client;
    private final InferenceClientOptions clientOptions;
    private final boolean tierPriority;

    GenerativeRecallService(InferenceClient client, InferenceClientOptions clientOptions, boolean tierPriority) {
        this.client = client;
        this.clientOptions = clientOptions;
        this.tierPriority = tierPriority;
    }

    /**
     * A factory from the job's options: {@code triton.*} for the client (see triton-client's README) and the
     * {@code redis.*} connection its global counter uses.
     */
    public static RecallServiceFactory factory(Map<String, String> settings) {
        Map<String, String> copy = new HashMap<>(settings);
        return () -> {
            InferenceClientOptions options = InferenceClientOptions.fromMap(copy);
            boolean tierPriority = Configuration.fromMap(copy).get(JobOptions.INFERENCE_TIER_PRIORITY);
            // one server or a fleet (triton.fleet.*): balanced by hand (health-checked, with a retry budget) or by gRPC
            return new GenerativeRecallService(FleetClient.connect(options), options, tierPriority);
        };
    }

    @Override
    public CompletableFuture<GeneratedRecall> recall(RecallRequest request) {
        // the trigger operator built the prompt incrementally in the user's state
        return client.infer(ArmCall.of(request, clientOptions, tierPriority))
                .thenApply(inference -> GeneratedRecall.of(request, inference));
    }

    @Override
    public Optional<Supplier<FleetSnapshot>> fleetMetrics() {
        return client instanceof FleetClient fleet ? Optional.of(fleet::metrics) : Optional.empty();
    }

    static Map<String, String> prefixed(Map<String, String> settings, String prefix) {
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
    }
}
