package io.nearline.recall.inference;

import com.google.protobuf.ByteString;
import io.nearline.recall.inference.kserve.InferParameter;
import io.nearline.recall.inference.kserve.InferTensorContents;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Translates a {@link RecallRequest} into a ModelInfer request for the TensorRT-LLM ensemble's
 * tensors (batch of one, raw contents) and a ModelInfer response back into beams.
 */
public final class EnsembleMessages {

    private static final List<Long> ONE_BY_ONE = List.of(1L, 1L);
    /** The request parameter of Triton's schedule-policy extension that carries the priority level. */
    public static final String PRIORITY = "priority";

    private EnsembleMessages() {}

    public static ModelInferRequest encode(RecallRequest request, InferenceClientOptions options) {
        boolean ownModel = !request.modelName().isEmpty() || !request.modelVersion().isEmpty();
        ModelInferRequest.Builder message = ModelInferRequest.newBuilder()
                .setModelName(request.modelName().isEmpty() ? options.modelName() : request.modelName())
                .setModelVersion(ownModel ? request.modelVersion() : options.modelVersion())
                .setId(request.requestId());
        if (request.priority() > 0) {
            // Triton's schedule-policy extension: a dynamic batcher with priority levels serves level 1 first
            message.putParameters(PRIORITY, InferParameter.newBuilder().setInt64Param(request.priority()).build());
        }
        String ints = options.integerDatatype().wireName();
        addInput(message, EnsembleTensors.TEXT_INPUT, TensorDatatype.BYTES.wireName(),
                TensorCodec.encodeBytes(List.of(request.prompt().getBytes(StandardCharsets.UTF_8))));
        addInput(message, EnsembleTensors.MAX_TOKENS, ints, TensorCodec.encodeInt32(request.maxTokens()));
        addInput(message, EnsembleTensors.BEAM_WIDTH, ints, TensorCodec.encodeInt32(request.beamWidth()));
        if (options.sendReturnedSequences()) {
            addInput(message, EnsembleTensors.NUM_RETURN_SEQUENCES, ints,
                    TensorCodec.encodeInt32(request.returnedSequences()));
        }
        addInput(message, EnsembleTensors.RETURN_LOG_PROBS, TensorDatatype.BOOL.wireName(),
                TensorCodec.encodeBool(true));
        if (options.endId() >= 0) {
            addInput(message, EnsembleTensors.END_ID, ints, TensorCodec.encodeInt32(options.endId()));
        }
        if (options.padId() >= 0) {
            addInput(message, EnsembleTensors.PAD_ID, ints, TensorCodec.encodeInt32(options.padId()));
        }
        // Naming the outputs keeps Triton from also shipping output_log_probs we do not read.
        message.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName(EnsembleTensors.TEXT_OUTPUT));
        message.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName(EnsembleTensors.CUM_LOG_PROBS));
        return message.build();
    }

    private static void addInput(ModelInferRequest.Builder message, String name, String datatype, ByteString raw) {
        message.addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name).setDatatype(datatype).addAllShape(ONE_BY_ONE));
        message.addRawInputContents(raw);
    }

    /**
     * Beams of a response, best first, at most {@code returnedSequences} of them; throws
     * {@link TensorFormatException} when the response does not hold matching text and score tensors.
     */
    public static List<GeneratedBeam> decodeBeams(ModelInferResponse response, int returnedSequences) {
        List<byte[]> texts = null;
        float[] scores = null;
        boolean raw = response.getRawOutputContentsCount() > 0;
        if (raw && response.getRawOutputContentsCount() != response.getOutputsCount()) {
            throw new TensorFormatException("response has " + response.getOutputsCount() + " outputs but "
                    + response.getRawOutputContentsCount() + " raw contents");
        }
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor output = response.getOutputs(i);
            long count = TensorCodec.elementCount(output.getShapeList());
            if (output.getName().equals(EnsembleTensors.TEXT_OUTPUT)) {
                requireDatatype(output, TensorDatatype.BYTES);
                texts = raw
                        ? TensorCodec.decodeBytes(output.getName(), response.getRawOutputContents(i), count)
                        : typedBytes(output.getName(), output.getContents(), count);
            } else if (output.getName().equals(EnsembleTensors.CUM_LOG_PROBS)) {
                requireDatatype(output, TensorDatatype.FP32);
                scores = raw
                        ? TensorCodec.decodeFp32(output.getName(), response.getRawOutputContents(i), count)
                        : typedFloats(output.getName(), output.getContents(), count);
            }
        }
        if (texts == null || scores == null) {
            throw new TensorFormatException("response lacks " + (texts == null
                    ? EnsembleTensors.TEXT_OUTPUT : EnsembleTensors.CUM_LOG_PROBS));
        }
        if (texts.size() != scores.length) {
            throw new TensorFormatException(texts.size() + " texts but " + scores.length + " scores");
        }
        List<GeneratedBeam> beams = new ArrayList<>(texts.size());
        for (int i = 0; i < scores.length; i++) {
            beams.add(new GeneratedBeam(new String(texts.get(i), StandardCharsets.UTF_8).strip(), scores[i]));
        }
        beams.sort(Comparator.comparingDouble(GeneratedBeam::cumLogProb).reversed());
        return beams.size() > returnedSequences ? beams.subList(0, returnedSequences) : beams;
    }

    private static void requireDatatype(ModelInferResponse.InferOutputTensor output, TensorDatatype expected) {
        if (!output.getDatatype().equals(expected.wireName())) {
            throw new TensorFormatException(
                    output.getName() + ": expected " + expected.wireName() + " but got " + output.getDatatype());
        }
    }

    private static List<byte[]> typedBytes(String name, InferTensorContents contents, long count) {
        if (contents.getBytesContentsCount() != count) {
            throw new TensorFormatException(
                    name + ": shape holds " + count + " elements, contents " + contents.getBytesContentsCount());
        }
        return contents.getBytesContentsList().stream().map(ByteString::toByteArray).toList();
    }

    private static float[] typedFloats(String name, InferTensorContents contents, long count) {
        if (contents.getFp32ContentsCount() != count) {
            throw new TensorFormatException(
                    name + ": shape holds " + count + " elements, contents " + contents.getFp32ContentsCount());
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = contents.getFp32Contents(i);
        }
        return values;
    }
}
