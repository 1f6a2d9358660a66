package io.nearline.recall.inference;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import io.nearline.recall.inference.kserve.ModelReadyRequest;
import io.nearline.recall.inference.kserve.ServerReadyRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InferenceClient} over Triton's KServe v2 gRPC ModelInfer RPC, with a per-request deadline
 * and bounded retries of transient failures that never run past that deadline.
 */
public final class TritonGrpcClient implements InferenceClient {

  private static final Logger LOG = LoggerFactory.getLogger(TritonGrpcClient.class);

  private final InferenceClientOptions options;
  private final RetryPolicy retryPolicy;
  private final RetryListener retryListener;
  private final ManagedChannel channel;
  private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
  private final ScheduledExecutorService retryTimer;

  private TritonGrpcClient(InferenceClientOptions options, RetryListener retryListener) {
    this.options = options;
    this.retryPolicy = new RetryPolicy(options);
    this.retryListener = retryListener;
    this.channel = Grpc.newChannelBuilder(options.target(), InsecureChannelCredentials.create()).build();
    this.stub = GRPCInferenceServiceGrpc.newStub(channel);
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
    stub.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS).modelInfer(message,
        new StreamObserver<>() {
          private ModelInferResponse response;

          @Override
          public void onNext(ModelInferResponse value) {
            response = value;
          }

          @Override
          public void onError(Throwable error) {
            retryOrFail(request, message, deadlineNanos, attempt, Status.fromThrowable(error), result);
          }

          @Override
          public void onCompleted() {
            complete(request, response, attempt, result);
          }
        });
  }

  private void complete(RecallRequest request, ModelInferResponse response, int attempt,
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
          status.getCode(), describe(status), attempt, status.asRuntimeException()));
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

  private static String describe(Status status) {
    return status.getDescription() == null ? "no description" : status.getDescription();
  }

  @Override
  public CompletableFuture<Boolean> ready() {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    long timeoutNanos = options.deadline().toNanos();
    stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).serverReady(
        ServerReadyRequest.getDefaultInstance(), new UnaryAnswer<>(result, serverReady -> {
          if (!serverReady.getReady()) {
            result.complete(false);
            return;
          }
          ModelReadyRequest modelReady = ModelReadyRequest.newBuilder()
              .setName(options.modelName()).setVersion(options.modelVersion()).build();
          stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).modelReady(modelReady,
              new UnaryAnswer<>(result, answer -> result.complete(answer.getReady())));
        }));
    return result;
  }

  @Override
  public void close() {
    retryTimer.shutdownNow();
    channel.shutdownNow();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("gRPC channel to {} did not terminate within 5 s", options.target());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Routes a unary answer to a handler, or its failure to the future as an InferenceException. */
  private static final class UnaryAnswer<T> implements StreamObserver<T> {
    private final CompletableFuture<Boolean> result;
    private final Consumer<T> handler;

    UnaryAnswer(CompletableFuture<Boolean> result, Consumer<T> handler) {
      this.result = result;
      this.handler = handler;
    }

    @Override
    public void onNext(T value) {
      handler.accept(value);
    }

    @Override
    public void onError(Throwable error) {
      Status status = Status.fromThrowable(error);
      result.completeExceptionally(new InferenceException(
          status.getCode(), describe(status), 1, error));
    }

    @Override
    public void onCompleted() {}
  }
}
