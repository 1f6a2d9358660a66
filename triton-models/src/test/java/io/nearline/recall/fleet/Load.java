package io.nearline.recall.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.inference.FleetInferenceClient;
import io.nearline.recall.inference.InferenceException;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.RecallRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Calls spread round-robin over client instances (the job's parallel subtasks), a bounded number in flight. */
final class Load {

    static final String PROMPT = "user 7, recent items: <a_1><b_2><c_3><d_4>";

    private Load() {}

    static RecallRequest request(FleetInferenceClient client, String id) {
        return client.options().newRequest(id, "u-" + id, PROMPT).withBeams(4, 4);
    }

    /** Runs {@code calls} calls with at most {@code inFlight} outstanding; returns them all, completed. */
    static List<CompletableFuture<RecallInference>> run(List<FleetInferenceClient> clients, int calls, int inFlight)
            throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        List<CompletableFuture<RecallInference>> results = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            slots.acquire();
            FleetInferenceClient client = clients.get(i % clients.size());
            CompletableFuture<RecallInference> call = client.infer(request(client, "c-" + i));
            call.whenComplete((inference, failure) -> slots.release());
            results.add(call);
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> null).get(60, TimeUnit.SECONDS);
        return results;
    }

    /** Asserts that every call returned its four beams, naming the first failure otherwise. */
    static void assertAllSucceeded(List<CompletableFuture<RecallInference>> calls) {
        for (CompletableFuture<RecallInference> call : calls) {
            try {
                assertEquals(4, call.join().beams().size());
            } catch (CompletionException e) {
                InferenceException cause = (InferenceException) e.getCause();
                throw new AssertionError("a call failed: " + cause.getMessage(), cause);
            }
        }
    }
}
