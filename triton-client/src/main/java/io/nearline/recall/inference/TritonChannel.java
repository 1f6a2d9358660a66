package io.nearline.recall.inference;

import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import io.nearline.recall.inference.kserve.ModelReadyRequest;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.inference.kserve.ModelStatisticsRequest;
import io.nearline.recall.inference.kserve.ServerReadyRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel to one inference server: a single ModelInfer attempt, and readiness as
 * ServerReady and ModelReady. Retries and server choice belong to the clients built on it.
 */
final class TritonChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TritonChannel.class);

    private final String target;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
    private final ModelReadyRequest modelReady;

    private TritonChannel(String target, ManagedChannel channel, InferenceClientOptions options) {
        this.target = target;
        this.channel = channel;
        this.stub = GRPCInferenceServiceGrpc.newStub(channel);
        this.modelReady = ModelReadyRequest.newBuilder()
                .setName(options.modelName()).setVersion(options.modelVersion()).build();
    }

    /**
     * Opens a channel (it connects lazily, on the first call). {@code authority} is the name the
     * server's TLS certificate must carry; empty uses the target's host.
     */
    static TritonChannel open(String target, String authority, InferenceClientOptions options) {
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, options.tls().credentials());
        if (!authority.isEmpty()) {
            builder.overrideAuthority(authority);
        }
        BearerToken.attach(builder, options);
        return new TritonChannel(target, builder.build(), options);
    }

    /** A channel opened elsewhere (one over the whole fleet), named {@code target} in logs and messages. */
    static TritonChannel over(String target, ManagedChannel channel, InferenceClientOptions options) {
        return new TritonChannel(target, channel, options);
    }

    String target() {
        return target;
    }

    /**
     * One ModelInfer call, through {@code interceptors} (e.g. one that counts gRPC's retry attempts); fails with the
     * gRPC status as a {@code StatusRuntimeException}.
     */
    CompletableFuture<ModelInferResponse> modelInfer(ModelInferRequest message, long timeoutNanos,
                                                     ClientInterceptor... interceptors) {
        CompletableFuture<ModelInferResponse> answer = new CompletableFuture<>();
        stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).withInterceptors(interceptors)
                .modelInfer(message, new StreamObserver<>() {
            private ModelInferResponse response;

            @Override
            public void onNext(ModelInferResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable error) {
                answer.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                answer.complete(response);
            }
        });
        return answer;
    }

    /** ServerReady and then ModelReady; fails with an {@link InferenceException} when not answered. */
    CompletableFuture<Boolean> ready(long timeoutNanos) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).serverReady(
                ServerReadyRequest.getDefaultInstance(), new UnaryAnswer<>(result, serverReady -> {
                    if (!serverReady.getReady()) {
                        result.complete(false);
                        return;
                    }
                    stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).modelReady(modelReady,
                            new UnaryAnswer<>(result, answer -> result.complete(answer.getReady())));
                }));
        return result;
    }

    /** Triton's ModelStatistics of the configured model: its cumulative counts and durations. */
    CompletableFuture<ModelStatistics> statistics(long timeoutNanos) {
        CompletableFuture<ModelStatistics> result = new CompletableFuture<>();
        ModelStatisticsRequest request = ModelStatisticsRequest.newBuilder()
                .setName(modelReady.getName()).setVersion(modelReady.getVersion()).build();
        stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).modelStatistics(request,
                new UnaryAnswer<>(result, answer -> {
                    if (answer.getModelStatsCount() == 0) {
                        result.completeExceptionally(new InferenceException(Status.Code.NOT_FOUND,
                                "no statistics for model " + request.getName(), 1, null));
                    } else {
                        result.complete(answer.getModelStats(0));
                    }
                }));
        return result;
    }

    /** Ends the channel's own reconnect backoff (it grows to minutes) so the next call dials at once. */
    void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    /** Lets calls in flight finish, then closes; for servers leaving the fleet. */
    void drain() {
        channel.shutdown();
    }

    void close() {
        channel.shutdownNow();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("gRPC channel to {} did not terminate within 5 s", target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Status status) {
        return status.getDescription() == null ? "no description" : status.getDescription();
    }

    /** Routes a unary answer to a handler, or its failure to the future as an InferenceException. */
    private static final class UnaryAnswer<T> implements StreamObserver<T> {
        private final CompletableFuture<?> result;
        private final Consumer<T> handler;

        UnaryAnswer(CompletableFuture<?> result, Consumer<T> handler) {
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
            result.completeExceptionally(new InferenceException(status.getCode(), describe(status), 1, error));
        }

        @Override
        public void onCompleted() {}
    }
}
