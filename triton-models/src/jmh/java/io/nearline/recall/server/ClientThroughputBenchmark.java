package io.nearline.recall.server;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.RecallRequest;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.ServerLiveRequest;
import io.nearline.recall.inference.kserve.ServerLiveResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Calls per second of the inference client against the local server on loopback with the uniform
 * fixture model and beam width 1, so the protocol and client dominate; the baseline is a raw gRPC
 * ServerLive call on its own channel to the same server. Client and server share the JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClientThroughputBenchmark {

    static final int IN_FLIGHT = 32;

    private LocalInferenceServer server;
    private TritonGrpcClient client;
    private ManagedChannel rawChannel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceStub async;
    private RecallRequest request;

    @Setup
    public void setUp() {
        server = LocalInferenceServer.start(0, new UniformFixtureModel(256),
                CodeTrie.of(FixtureSemanticIds.generate(10_000, 4, 256, 42)));
        client = TritonGrpcClient.connect(InferenceClientOptions.builder()
                .target("localhost", server.port()).deadline(Duration.ofSeconds(5)).build());
        request = client.options().newRequest("bench", "u", "recent: <a_1><b_2><c_3><d_4>").withBeams(1, 1);
        rawChannel = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create())
                .build();
        blocking = GRPCInferenceServiceGrpc.newBlockingStub(rawChannel);
        async = GRPCInferenceServiceGrpc.newStub(rawChannel);
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        client.close();
        rawChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Benchmark
    public boolean baselineServerLiveOneAtATime() {
        return blocking.serverLive(ServerLiveRequest.getDefaultInstance()).getLive();
    }

    @Benchmark
    public RecallInference clientInferOneAtATime() {
        return client.infer(request).join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void baselineServerLivePipelined() {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            CompletableFuture<ServerLiveResponse> call = new CompletableFuture<>();
            async.serverLive(ServerLiveRequest.getDefaultInstance(), new StreamObserver<>() {
                @Override public void onNext(ServerLiveResponse value) { call.complete(value); }
                @Override public void onError(Throwable error) { call.completeExceptionally(error); }
                @Override public void onCompleted() {}
            });
            calls[i] = call;
        }
        CompletableFuture.allOf(calls).join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void clientInferPipelined() {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls[i] = client.infer(request);
        }
        CompletableFuture.allOf(calls).join();
    }
}
