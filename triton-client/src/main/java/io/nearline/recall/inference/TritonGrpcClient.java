package io.nearline.recall.inference;

import io.grpc.Status;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import io.nearline.recall.inference.kserve.ModelStatistics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link InferenceClient} over Triton's KServe v2 gRPC ModelInfer RPC to one server, with a
 * per-request deadline and bounded retries of transient failures that never run past that deadline.
 * For many servers use {@link FleetInferenceClient}.
 */
public final class TritonGrpcClient implements InferenceClient {

    private final InferenceClientOptions options;
    private final RetryPolicy retryPolicy;
    private final RetryListener retryListener;
    private final TritonChannel channel;
    private final ScheduledExecutorService retryTimer;

    private TritonGrpcClient(InferenceClientOptions options, RetryListener retryListener) {
        this.options = options;
        this.retryPolicy = new RetryPolicy(options);
        this.retryListener = retryListener;
        this.channel = TritonChannel.open(options.target(), options.tls().authority(), options);
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "triton-client-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens a channel to {@code options.target()}; connecting happens lazily on the first call. */
    public static TritonGrpcClient connect(InferenceClientOptions options) {
        return new TritonGrpcClient(options, RetryListener.NONE);
    }

    public static TritonGrpcClient connect(InferenceClientOptions options, RetryListener retryListener) {
        return new TritonGrpcClient(options, retryListener);
    }

    public InferenceClientOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<RecallInference> infer(RecallRequest request) {
        CompletableFuture<RecallInference> result = new CompletableFuture<>();
        long deadlineNanos = System.nanoTime() + request.deadline().toNanos();
        ModelInferRequest message = EnsembleMessages.encode(request, options);
        attempt(request, message, deadlineNanos, 1, result);
        return result;
    }

    private void attempt(RecallRequest request, ModelInferRequest message, long deadlineNanos,
            int attempt, CompletableFuture<RecallInference> result) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            result.completeExceptionally(new InferenceException(
                    Status.Code.DEADLINE_EXCEEDED, "deadline passed before attempt " + attempt, attempt - 1, null));
            return;
        }
        channel.modelInfer(message, remaining).whenComplete((response, error) -> {
            if (error == null) {
                complete(request, response, attempt, result);
            } else {
                retryOrFail(request, message, deadlineNanos, attempt, Status.fromThrowable(error), result);
            }
        });
    }

    /** The decoded answer, or INTERNAL when the response breaks the ensemble's tensor contract. */
    static void complete(RecallRequest request, ModelInferResponse response, int attempt,
            CompletableFuture<RecallInference> result) {
        try {
            result.complete(new RecallInference(request.requestId(), request.userId(),
                    response.getModelName(), response.getModelVersion(),
                    EnsembleMessages.decodeBeams(response, request.returnedSequences()), attempt));
        } catch (TensorFormatException e) {
            result.completeExceptionally(new InferenceException(
                    Status.Code.INTERNAL, "malformed response: " + e.getMessage(), attempt, e));
        }
    }

    private void retryOrFail(RecallRequest request, ModelInferRequest message, long deadlineNanos,
            int attempt, Status status, CompletableFuture<RecallInference> result) {
        long backoff = retryPolicy.backoffNanos(status.getCode(), attempt, System.nanoTime(), deadlineNanos);
        if (backoff < 0) {
            result.completeExceptionally(new InferenceException(
                    status.getCode(), TritonChannel.describe(status), attempt, status.asRuntimeException()));
            return;
        }
        retryListener.onRetry(request.requestId(), attempt, status.getCode(), Duration.ofNanos(backoff));
        // The channel's own reconnect backoff (up to minutes) would fail the retry fast; ours is bounded.
        channel.resetConnectBackoff();
        try {
            retryTimer.schedule(() -> attempt(request, message, deadlineNanos, attempt + 1, result),
                    backoff, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(new InferenceException(
                    Status.Code.CANCELLED, "client closed during backoff", attempt, closed));
        }
    }

    @Override
    public CompletableFuture<Boolean> ready() {
        return channel.ready(options.deadline().toNanos());
    }

    /**
     * Triton's ModelStatistics of the configured model (cumulative request counts, queue and compute durations);
     * fails with an {@link InferenceException} when the server cannot be asked or does not know the model.
     */
    public CompletableFuture<ModelStatistics> statistics() {
        return channel.statistics(options.deadline().toNanos());
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        channel.close();
    }
}
