package io.nearline.recall.inference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fleet left to gRPC ({@code triton.fleet.balancer=grpc-round-robin}): one channel whose name resolves to
 * every server ({@code triton.fleet.targets}, or every address of {@code triton.fleet.dns-name} through gRPC's DNS
 * resolver), balanced by gRPC's round_robin inside its outlier detection, ModelInfer retried by gRPC's retry
 * policy and throttling ({@link GrpcServiceConfig}). The hand-written health probes, circuit breakers, retry
 * budget and Redis counter of {@link FleetInferenceClient} are not used; metrics have no per-server part,
 * since the servers are gRPC's subchannels.
 */
public final class GrpcBalancedClient implements FleetClient {

    private final InferenceClientOptions options;
    private final TritonChannel channel;
    private final FleetMetrics metrics = new FleetMetrics();

    private GrpcBalancedClient(InferenceClientOptions options, ManagedChannel managed) {
        this.options = options;
        this.channel = TritonChannel.over(managed.authority(), managed, options);
    }

    /** Opens the channel; it connects lazily, on the first call. */
    @SuppressWarnings("deprecation") // nameResolverFactory: the one way to give a single channel a fixed address list
    public static GrpcBalancedClient connect(InferenceClientOptions options) {
        FleetOptions fleet = options.fleet();
        ManagedChannelBuilder<?> builder;
        if (!fleet.dnsName().isEmpty()) {
            builder = Grpc.newChannelBuilder("dns:///" + fleet.dnsName(), options.tls().credentials());
        } else {
            List<String> targets = fleet.targets().isEmpty() ? List.of(options.target()) : fleet.targets();
            String authority = options.tls().authority().isEmpty()
                    ? FleetOptions.requireHostPort(targets.get(0))[0] : options.tls().authority();
            builder = Grpc.newChannelBuilder(FleetAddresses.target(), options.tls().credentials())
                    .nameResolverFactory(new FleetAddresses(targets, authority));
        }
        if (!options.tls().authority().isEmpty()) {
            builder.overrideAuthority(options.tls().authority());
        }
        BearerToken.attach(builder, options);
        ManagedChannel channel = builder.defaultServiceConfig(GrpcServiceConfig.of(options))
                .disableServiceConfigLookUp()  // the options are the service config, not a DNS TXT record
                .enableRetry()
                .maxRetryAttempts(options.maxAttempts())
                .build();
        return new GrpcBalancedClient(options, channel);
    }

    @Override
    public InferenceClientOptions options() {
        return options;
    }

    @Override
    public FleetSnapshot metrics() {
        return metrics.snapshot(List.of(), 0);
    }

    @Override
    public CompletableFuture<RecallInference> infer(RecallRequest request) {
        long start = System.nanoTime();
        CompletableFuture<RecallInference> result = new CompletableFuture<>();
        metrics.started();
        result.whenComplete((inference, failure) -> metrics.finished(start, failure));
        AttemptCounter attempts = new AttemptCounter();
        channel.modelInfer(EnsembleMessages.encode(request, options), request.deadline().toNanos(), attempts)
                .whenComplete((response, error) -> {
                    attempts.countRetries(metrics);
                    if (error != null) {
                        Status status = Status.fromThrowable(error);
                        result.completeExceptionally(new InferenceException(status.getCode(),
                                TritonChannel.describe(status), attempts.attempts(), error));
                        return;
                    }
                    try {
                        result.complete(new RecallInference(request.requestId(), request.userId(),
                                response.getModelName(), response.getModelVersion(),
                                EnsembleMessages.decodeBeams(response, request.returnedSequences()),
                                attempts.attempts()));
                    } catch (TensorFormatException e) {
                        result.completeExceptionally(new InferenceException(Status.Code.INTERNAL,
                                "malformed response: " + e.getMessage(), attempts.attempts(), e));
                    }
                });
        return result;
    }

    /** ServerReady and ModelReady of the server round_robin picks next. */
    @Override
    public CompletableFuture<Boolean> ready() {
        return channel.ready(options.fleet().healthTimeout().toNanos());
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Counts one call's attempts as gRPC starts them: retries by the policy, not gRPC's transparent ones. */
    private static final class AttemptCounter extends ClientStreamTracer.Factory implements ClientInterceptor {
        private final AtomicInteger retries = new AtomicInteger();

        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions callOptions,
                Channel next) {
            return next.newCall(method, callOptions.withStreamTracerFactory(this));
        }

        @Override
        public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
            if (info.getPreviousAttempts() > 0 && !info.isTransparentRetry()) {
                retries.incrementAndGet();
            }
            return new ClientStreamTracer() {};
        }

        int attempts() {
            return 1 + retries.get();
        }

        void countRetries(FleetMetrics metrics) {
            for (int i = 0; i < retries.get(); i++) {
                metrics.retried();
            }
        }
    }
}
