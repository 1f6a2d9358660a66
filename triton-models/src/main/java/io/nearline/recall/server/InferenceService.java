package io.nearline.recall.server;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.nearline.recall.inference.EnsembleTensors;
import io.nearline.recall.inference.TensorCodec;
import io.nearline.recall.inference.TensorDatatype;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import io.nearline.recall.inference.kserve.ModelMetadataRequest;
import io.nearline.recall.inference.kserve.ModelMetadataResponse.TensorMetadata;
import io.nearline.recall.inference.kserve.ModelMetadataResponse;
import io.nearline.recall.inference.kserve.ModelReadyRequest;
import io.nearline.recall.inference.kserve.ModelReadyResponse;
import io.nearline.recall.inference.kserve.ModelStatisticsRequest;
import io.nearline.recall.inference.kserve.ModelStatisticsResponse;
import io.nearline.recall.inference.kserve.ServerLiveRequest;
import io.nearline.recall.inference.kserve.ServerLiveResponse;
import io.nearline.recall.inference.kserve.ServerMetadataRequest;
import io.nearline.recall.inference.kserve.ServerMetadataResponse;
import io.nearline.recall.inference.kserve.ServerReadyRequest;
import io.nearline.recall.inference.kserve.ServerReadyResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triton's health, metadata and ModelInfer RPCs for one generative recall model, answering with
 * Triton's status codes: NOT_FOUND for unknown models, INVALID_ARGUMENT for bad tensors,
 * RESOURCE_EXHAUSTED when the search queue is full, CANCELLED when the caller gave up. Searches wait in
 * {@link SearchQueue}, by the request's schedule-policy priority. And Triton's ModelStatistics,
 * with how long requests waited for a search thread and how long they searched ({@link InferStatisticsRecorder}).
 */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    static final String SERVER_NAME = "nearline-recall-local";
    static final String SERVER_VERSION = "0.1.0";

    private final GenerativeRecallModel model;
    private final CodeConstraint constraint;
    private final LocalServerOptions options;
    private final ExecutorService searches;
    private final SearchQueue queue;
    private final BooleanSupplier ready;
    private final IntConsumer beamWidths;
    private final HeldAnswers held;
    private final InferStatisticsRecorder statistics = new InferStatisticsRecorder();

    InferenceService(GenerativeRecallModel model, CodeConstraint constraint, LocalServerOptions options,
            ExecutorService searches, SearchQueue queue, BooleanSupplier ready, IntConsumer beamWidths, HeldAnswers held) {
        this.model = model;
        this.constraint = constraint;
        this.options = options;
        this.searches = searches;
        this.queue = queue;
        this.ready = ready;
        this.beamWidths = beamWidths;
        this.held = held;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        reply(answer, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        reply(answer, ServerReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        boolean known = serves(request.getName(), request.getVersion());
        reply(answer, ModelReadyResponse.newBuilder().setReady(known && ready.getAsBoolean()).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        reply(answer, ServerMetadataResponse.newBuilder().setName(SERVER_NAME).setVersion(SERVER_VERSION).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        if (!serves(request.getName(), request.getVersion())) {
            answer.onError(unknownModel(request.getName(), request.getVersion()));
            return;
        }
        reply(answer, ModelMetadataResponse.newBuilder()
                .setName(options.modelName())
                .addVersions(model.version())
                .setPlatform("nearline_constrained_beam_search/" + model.name())
                .addInputs(tensor(EnsembleTensors.TEXT_INPUT, TensorDatatype.BYTES))
                .addInputs(tensor(EnsembleTensors.MAX_TOKENS, TensorDatatype.INT32))
                .addInputs(tensor(EnsembleTensors.BEAM_WIDTH, TensorDatatype.INT32))
                .addInputs(tensor(EnsembleTensors.NUM_RETURN_SEQUENCES, TensorDatatype.INT32))
                .addInputs(tensor(EnsembleTensors.RETURN_LOG_PROBS, TensorDatatype.BOOL))
                .addOutputs(tensor(EnsembleTensors.TEXT_OUTPUT, TensorDatatype.BYTES))
                .addOutputs(tensor(EnsembleTensors.CUM_LOG_PROBS, TensorDatatype.FP32))
                .build());
    }

    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> answer) {
        // an empty name asks for every model: this server has one
        if (!request.getName().isEmpty() && !serves(request.getName(), request.getVersion())) {
            answer.onError(unknownModel(request.getName(), request.getVersion()));
            return;
        }
        reply(answer, ModelStatisticsResponse.newBuilder()
                .addModelStats(statistics.snapshot(options.modelName(), model.version())).build());
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        long arrived = System.nanoTime();
        long dueNanos = held.dueAt(arrived);
        ServerCallStreamObserver<ModelInferResponse> call = (ServerCallStreamObserver<ModelInferResponse>) answer;
        // Without a cancel handler, answering a call the client abandoned would throw.
        call.setOnCancelHandler(() -> {});
        if (!serves(request.getModelName(), request.getModelVersion())) {
            answer.onError(unknownModel(request.getModelName(), request.getModelVersion()));
            return;
        }
        RecallQuery query;
        ModelContext context;
        try {
            query = InferRequestReader.read(request, options.maxBeamWidth());
            context = ModelContext.fromPrompt(query.prompt());
        } catch (StatusRuntimeException e) {
            fail(answer, arrived, e);
            return;
        } catch (IllegalArgumentException e) {
            fail(answer, arrived, InferRequestReader.invalid(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // a request this reader did not foresee: a bug to fix, answered as one rather than thrown at gRPC
            LOG.error("cannot read request {}", request.getId(), e);
            fail(answer, arrived, Status.INTERNAL.withDescription("cannot read request: " + e).asRuntimeException());
            return;
        }
        beamWidths.accept(query.beamWidth());
        Context cancellation = Context.current();
        try {
            searches.execute(queue.of(query.priority(),
                    () -> answer(request, query, context, cancellation, arrived, dueNanos, call)));
        } catch (RejectedExecutionException e) {
            fail(answer, arrived, Status.RESOURCE_EXHAUSTED
                    .withDescription("search queue full (" + options.maxQueuedRequests() + " waiting)").asRuntimeException());
        }
    }

    private void answer(ModelInferRequest request, RecallQuery query, ModelContext context, Context cancellation,
            long arrived, long dueNanos, ServerCallStreamObserver<ModelInferResponse> answer) {
        long started = System.nanoTime();
        statistics.queued(started - arrived);
        try {
            List<RecalledId> ids = ConstrainedBeamSearch.search(model, context, constraint,
                    query.beamWidth(), query.returnedSequences(), query.maxTokens(), cancellation::isCancelled);
            statistics.computed(System.nanoTime() - started);
            ModelInferResponse response = response(request, query, ids);
            held.send(dueNanos, () -> {
                // an answer held past the caller's deadline reaches no one: Triton counts it failed too
                boolean abandoned = answer.isCancelled();
                reply(answer, response);
                if (abandoned) {
                    statistics.failed(System.nanoTime() - arrived);
                } else {
                    statistics.succeeded(System.nanoTime() - arrived);
                }
            });
        } catch (CancellationException e) {
            fail(answer, arrived, Status.CANCELLED.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("search failed for request {}", request.getId(), e);
            fail(answer, arrived, Status.INTERNAL.withDescription("search failed: " + e.getMessage()).asRuntimeException());
        }
    }

    private void fail(StreamObserver<ModelInferResponse> answer, long arrived, StatusRuntimeException error) {
        answer.onError(error);
        statistics.failed(System.nanoTime() - arrived);
    }

    private ModelInferResponse response(ModelInferRequest request, RecallQuery query, List<RecalledId> ids) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(options.modelName()).setModelVersion(model.version()).setId(request.getId());
        if (query.wantsText()) {
            response.addOutputs(output(EnsembleTensors.TEXT_OUTPUT, TensorDatatype.BYTES, ids.size()));
            response.addRawOutputContents(TensorCodec.encodeBytes(
                    ids.stream().map(id -> id.text().getBytes(StandardCharsets.UTF_8)).toList()));
        }
        if (query.wantsScores()) {
            float[] scores = new float[ids.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = ids.get(i).score();
            }
            response.addOutputs(output(EnsembleTensors.CUM_LOG_PROBS, TensorDatatype.FP32, ids.size()));
            response.addRawOutputContents(TensorCodec.encodeFp32(scores));
        }
        return response.build();
    }

    private boolean serves(String name, String version) {
        return name.equals(options.modelName()) && (version.isEmpty() || version.equals(model.version()));
    }

    private StatusRuntimeException unknownModel(String name, String version) {
        return Status.NOT_FOUND.withDescription("Request for unknown model: '" + name + "'"
                + (version.isEmpty() ? "" : " version " + version) + " is not found").asRuntimeException();
    }

    private static TensorMetadata tensor(String name, TensorDatatype type) {
        return TensorMetadata.newBuilder().setName(name).setDatatype(type.wireName()).addShape(-1).addShape(-1).build();
    }

    private static ModelInferResponse.InferOutputTensor output(String name, TensorDatatype type, int count) {
        return ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(name).setDatatype(type.wireName()).addShape(1).addShape(count).build();
    }

    private static <T> void reply(StreamObserver<T> answer, T value) {
        answer.onNext(value);
        answer.onCompleted();
    }
}
