package io.nearline.recall.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts every ModelInfer call once into {@link ServerMetrics}, by the status the server sent or as
 * CANCELLED when the caller went away first; health and metadata calls are not requests and pass untouched.
 */
final class InferCallMetrics implements ServerInterceptor {

    private static final String MODEL_INFER = GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName();

    private final ServerMetrics metrics;

    InferCallMetrics(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        if (!MODEL_INFER.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        long start = System.nanoTime();
        AtomicBoolean counted = new AtomicBoolean();
        ServerCall<Q, A> metered = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                // counted before the status leaves, so a caller holding the answer finds it counted
                finish(counted, status.getCode(), start);
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(metered, headers)) {
            @Override
            public void onCancel() {
                finish(counted, Status.Code.CANCELLED, start);
                super.onCancel();
            }
        };
    }

    private void finish(AtomicBoolean counted, Status.Code code, long start) {
        if (counted.compareAndSet(false, true)) {
            metrics.request(code, System.nanoTime() - start);
        }
    }
}
