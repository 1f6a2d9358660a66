package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nearline.recall.inference.TensorCodec;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.InferParameter;
import io.nearline.recall.inference.kserve.InferTensorContents;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferRequest.InferInputTensor;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import io.nearline.recall.inference.kserve.ModelMetadataRequest;
import io.nearline.recall.inference.kserve.ModelMetadataResponse;
import io.nearline.recall.inference.kserve.ServerLiveRequest;
import io.nearline.recall.inference.kserve.ServerMetadataRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local server answers Triton-shaped requests, typed or raw, and rejects bad ones with Triton's codes. */
class ProtocolConformanceTest {

    private static LocalInferenceServer server;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        server = LocalInferenceServer.start(0, new FrequencyFixtureModel(16, 1),
                CodeTrie.of(FixtureSemanticIds.generate(500, 4, 16, 1)));
        channel = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create()).build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void typedContentsWithUint32IntegersAreServedLikeTritonClientsSendThem() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("ensemble").setId("typed")
                .addInputs(typed("text_input", "BYTES", InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFromUtf8("<a_1><b_2><c_3><d_4>"))))
                .addInputs(typed("max_tokens", "UINT32", InferTensorContents.newBuilder().addUintContents(4)))
                .addInputs(typed("beam_width", "UINT32", InferTensorContents.newBuilder().addUintContents(8)))
                .build();
        ModelInferResponse response = stub.modelInfer(request);
        assertEquals("typed", response.getId());
        assertEquals(List.of("text_output", "cum_log_probs"),
                response.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList());
        assertEquals(List.of(1L, 8L), response.getOutputs(0).getShapeList());
        assertEquals(8, TensorCodec.decodeBytes("text_output", response.getRawOutputContents(0), 8).size());
    }

    @Test
    void onlyRequestedOutputsAreReturned() {
        ModelInferRequest request = raw().addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("cum_log_probs")).build();
        ModelInferResponse response = stub.modelInfer(request);
        assertEquals(1, response.getOutputsCount());
        assertEquals("FP32", response.getOutputs(0).getDatatype());
    }

    @Test
    void badRequestsAreInvalidArguments() {
        assertInvalid(ModelInferRequest.newBuilder().setModelName("ensemble")
                .addInputs(typed("max_tokens", "INT32", InferTensorContents.newBuilder().addIntContents(4))).build(),
                "missing input text_input");
        assertInvalid(raw().addInputs(input("temperature", "FP32", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeFp32(1f)).build(), "unexpected inference input 'temperature'");
        assertInvalid(ModelInferRequest.newBuilder().setModelName("ensemble")
                .addInputs(input("text_input", "BYTES", List.of(1L, 1L)))
                .addRawInputContents(ByteString.copyFrom(new byte[] {9, 0, 0, 0, 'x'})).build(), "text_input");
        assertInvalid(ModelInferRequest.newBuilder().setModelName("ensemble")
                .addInputs(input("text_input", "BYTES", List.of(2L, 1L)))
                .addRawInputContents(TensorCodec.encodeBytes(List.of(new byte[1], new byte[1]))).build(), "batch size 1");
        assertInvalid(ModelInferRequest.newBuilder().setModelName("ensemble")
                .addInputs(input("text_input", "INT32", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeInt32(1)).build(), "unexpected datatype INT32");
        assertInvalid(raw().addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits"))
                .build(), "unexpected inference output 'logits'");
        assertInvalid(raw().putParameters("priority", InferParameter.newBuilder().setStringParam("high").build())
                .build(), "priority must be an int64");
        assertInvalid(raw().putParameters("priority", InferParameter.newBuilder().setInt64Param(-1).build())
                .build(), "priority must not be negative");
    }

    @Test
    void aSchedulePolicyPriorityAndOtherParametersAreServed() {
        ModelInferResponse response = stub.modelInfer(raw().setId("urgent")
                .putParameters("priority", InferParameter.newBuilder().setInt64Param(1).build())
                .putParameters("custom", InferParameter.newBuilder().setBoolParam(true).build()).build());
        assertEquals("urgent", response.getId());
    }

    @Test
    void unknownModelsAndVersionsAreNotFound() {
        StatusRuntimeException infer = assertThrows(StatusRuntimeException.class,
                () -> stub.modelInfer(raw().setModelName("gpt").build()));
        assertEquals(Status.Code.NOT_FOUND, infer.getStatus().getCode());
        StatusRuntimeException version = assertThrows(StatusRuntimeException.class,
                () -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("ensemble").setVersion("9").build()));
        assertEquals(Status.Code.NOT_FOUND, version.getStatus().getCode());
    }

    @Test
    void healthAndMetadataDescribeTheServedModel() {
        assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertEquals(InferenceService.SERVER_NAME, stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName());
        ModelMetadataResponse metadata = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("ensemble").build());
        assertEquals(List.of("1"), metadata.getVersionsList());
        assertEquals("text_input", metadata.getInputs(0).getName());
        assertEquals("text_output", metadata.getOutputs(0).getName());
    }

    private static ModelInferRequest.Builder raw() {
        return ModelInferRequest.newBuilder().setModelName("ensemble")
                .addInputs(input("text_input", "BYTES", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeBytes(List.of("<a_1>".getBytes())))
                .addInputs(input("max_tokens", "INT32", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeInt32(4));
    }

    private static void assertInvalid(ModelInferRequest request, String reason) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(reason), e.getStatus().getDescription());
    }

    private static InferInputTensor input(String name, String datatype, List<Long> shape) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addAllShape(shape).build();
    }

    private static InferInputTensor typed(String name, String datatype, InferTensorContents.Builder contents) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addShape(1).addShape(1)
                .setContents(contents).build();
    }
}
