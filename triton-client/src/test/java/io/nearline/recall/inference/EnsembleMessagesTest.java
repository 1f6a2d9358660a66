package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nearline.recall.inference.kserve.InferTensorContents;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleMessagesTest {

    private final InferenceClientOptions options = InferenceClientOptions.builder().build();

    @Test
    void requestCarriesEnsembleTensorsWithABatchDimensionAndOneRawEntryEach() {
        RecallRequest request = options.newRequest("r-1", "u-1", "<a_1><b_2><c_3><d_4>").withBeams(300, 200);
        ModelInferRequest message = EnsembleMessages.encode(request, options);

        assertEquals("ensemble", message.getModelName());
        assertEquals("r-1", message.getId());
        List<String> names = message.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName).toList();
        assertEquals(List.of("text_input", "max_tokens", "beam_width", "num_return_sequences", "return_log_probs"), names);
        assertEquals(message.getInputsCount(), message.getRawInputContentsCount());
        message.getInputsList().forEach(input -> assertEquals(List.of(1L, 1L), input.getShapeList()));
        assertEquals("BYTES", message.getInputs(0).getDatatype());
        assertEquals("INT32", message.getInputs(2).getDatatype());
        assertEquals("BOOL", message.getInputs(4).getDatatype());
        assertArrayEquals(new int[] {300}, TensorCodec.decodeInt32("b", message.getRawInputContents(2), 1));
        assertArrayEquals(new int[] {200}, TensorCodec.decodeInt32("n", message.getRawInputContents(3), 1));
        assertArrayEquals("<a_1><b_2><c_3><d_4>".getBytes(StandardCharsets.UTF_8),
                TensorCodec.decodeBytes("t", message.getRawInputContents(0), 1).get(0));
    }

    @Test
    void anArmsRequestGoesToItsOwnModel_andAPlainOneToTheClients() {
        InferenceClientOptions pinned = InferenceClientOptions.builder().modelVersion("4").build();
        RecallRequest plain = pinned.newRequest("r", "u", "p");
        assertEquals(List.of("ensemble", "4"), nameAndVersion(EnsembleMessages.encode(plain, pinned)));
        assertEquals(List.of("recall_llm", ""),
                nameAndVersion(EnsembleMessages.encode(plain.withModel("recall_llm", ""), pinned)));
        assertEquals(List.of("ensemble", "5"),
                nameAndVersion(EnsembleMessages.encode(plain.withModel("", "5"), pinned)));
        assertEquals(List.of("recall_llm", "2"), nameAndVersion(EnsembleMessages.encode(
                plain.withModel("recall_llm", "2").withBeams(8, 8).withDeadline(java.time.Duration.ofSeconds(1)), pinned)));
    }

    private static List<String> nameAndVersion(ModelInferRequest message) {
        return List.of(message.getModelName(), message.getModelVersion());
    }

    @Test
    void aPriorityGoesAsTritonsSchedulePolicyParameter_andNoneWithoutOne() {
        RecallRequest plain = options.newRequest("r", "u", "p");
        assertEquals(Map.of(), EnsembleMessages.encode(plain, options).getParametersMap());
        ModelInferRequest urgent = EnsembleMessages.encode(plain.withPriority(1), options);
        assertEquals(1L, urgent.getParametersMap().get("priority").getInt64Param());
        assertThrows(IllegalArgumentException.class, () -> plain.withPriority(-1));
    }

    @Test
    void olderEnsembleLayoutSendsUint32AndNoReturnedSequences() {
        InferenceClientOptions old = InferenceClientOptions.builder()
                .integerDatatype(TensorDatatype.UINT32).sendReturnedSequences(false).endId(2).build();
        ModelInferRequest message = EnsembleMessages.encode(old.newRequest("r", "u", "p"), old);
        List<String> names = message.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName).toList();
        assertEquals(List.of("text_input", "max_tokens", "beam_width", "return_log_probs", "end_id"), names);
        assertEquals("UINT32", message.getInputs(1).getDatatype());
    }

    @Test
    void beamsAreDecodedBestFirstAndCutToTheReturnedCount() {
        ModelInferResponse response = rawResponse(List.of("<a_1>", " <a_2> ", "<a_3>"), new float[] {-3f, -1f, -2f});
        List<GeneratedBeam> beams = EnsembleMessages.decodeBeams(response, 2);
        assertEquals(List.of(new GeneratedBeam("<a_2>", -1f), new GeneratedBeam("<a_3>", -2f)), beams);
    }

    @Test
    void typedContentsAreAcceptedLikeRawOnes() {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addOutputs(output("text_output", "BYTES", 2).setContents(InferTensorContents.newBuilder()
                        .addBytesContents(com.google.protobuf.ByteString.copyFromUtf8("x"))
                        .addBytesContents(com.google.protobuf.ByteString.copyFromUtf8("y"))))
                .addOutputs(output("cum_log_probs", "FP32", 2).setContents(InferTensorContents.newBuilder()
                        .addFp32Contents(-2f).addFp32Contents(-1f)))
                .build();
        assertEquals("y", EnsembleMessages.decodeBeams(response, 5).get(0).text());
    }

    @Test
    void responsesWithMismatchedOrMissingTensorsAreRejected() {
        assertThrows(TensorFormatException.class,
                () -> EnsembleMessages.decodeBeams(rawResponse(List.of("a", "b"), new float[] {-1f}), 2));
        ModelInferResponse noScores = ModelInferResponse.newBuilder()
                .addOutputs(output("text_output", "BYTES", 1))
                .addRawOutputContents(TensorCodec.encodeBytes(List.of(new byte[1]))).build();
        assertThrows(TensorFormatException.class, () -> EnsembleMessages.decodeBeams(noScores, 1));
        ModelInferResponse wrongType = ModelInferResponse.newBuilder()
                .addOutputs(output("text_output", "BYTES", 1)).addOutputs(output("cum_log_probs", "INT32", 1))
                .addRawOutputContents(TensorCodec.encodeBytes(List.of(new byte[1])))
                .addRawOutputContents(TensorCodec.encodeInt32(1)).build();
        assertThrows(TensorFormatException.class, () -> EnsembleMessages.decodeBeams(wrongType, 1));
    }

    private static ModelInferResponse rawResponse(List<String> texts, float[] scores) {
        return ModelInferResponse.newBuilder()
                .addOutputs(output("text_output", "BYTES", texts.size()))
                .addOutputs(output("cum_log_probs", "FP32", scores.length))
                .addRawOutputContents(TensorCodec.encodeBytes(
                        texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList()))
                .addRawOutputContents(TensorCodec.encodeFp32(scores))
                .build();
    }

    private static ModelInferResponse.InferOutputTensor.Builder output(String name, String type, int count) {
        return ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(name).setDatatype(type).addShape(1).addShape(count);
    }
}
