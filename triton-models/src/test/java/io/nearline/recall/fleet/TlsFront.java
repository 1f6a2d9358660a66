package io.nearline.recall.fleet;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.stub.StreamObserver;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import io.nearline.recall.inference.kserve.ModelReadyRequest;
import io.nearline.recall.inference.kserve.ModelReadyResponse;
import io.nearline.recall.inference.kserve.ServerReadyRequest;
import io.nearline.recall.inference.kserve.ServerReadyResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A TLS-terminating gRPC front that forwards ServerReady, ModelReady and ModelInfer to a plaintext
 * local inference server, as a TLS proxy in front of Triton would (the local server speaks plaintext).
 */
final class TlsFront implements AutoCloseable {

    private final Server server;
    private final ManagedChannel upstream;

    private TlsFront(Server server, ManagedChannel upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    static TlsFront start(ServerCredentials credentials, int upstreamPort) throws IOException {
        ManagedChannel upstream = Grpc.newChannelBuilder("localhost:" + upstreamPort,
                InsecureChannelCredentials.create()).build();
        GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub = GRPCInferenceServiceGrpc.newStub(upstream);
        Server server = Grpc.newServerBuilderForPort(0, credentials)
                .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                    @Override
                    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
                        stub.serverReady(request, answer);
                    }

                    @Override
                    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
                        stub.modelReady(request, answer);
                    }

                    @Override
                    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
                        stub.modelInfer(request, answer);
                    }
                })
                .build()
                .start();
        return new TlsFront(server, upstream);
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        upstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
