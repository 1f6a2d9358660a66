package io.nearline.recall.server;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nearline.recall.inference.EnsembleMessages;
import io.nearline.recall.inference.EnsembleTensors;
import io.nearline.recall.inference.TensorCodec;
import io.nearline.recall.inference.TensorDatatype;
import io.nearline.recall.inference.TensorFormatException;
import io.nearline.recall.inference.kserve.InferParameter;
import io.nearline.recall.inference.kserve.InferTensorContents;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferRequest.InferInputTensor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validates a ModelInfer request against the ensemble's tensors and reads it into a
 * {@link RecallQuery}; anything malformed is an INVALID_ARGUMENT status naming the tensor and the
 * problem, as Triton answers. Accepts raw and typed contents, INT32 and UINT32 integers.
 */
final class InferRequestReader {

    private static final Set<String> INTEGER_INPUTS = Set.of(EnsembleTensors.MAX_TOKENS,
            EnsembleTensors.BEAM_WIDTH, EnsembleTensors.NUM_RETURN_SEQUENCES, EnsembleTensors.END_ID,
            EnsembleTensors.PAD_ID);
    private static final Set<String> OUTPUTS = Set.of(EnsembleTensors.TEXT_OUTPUT, EnsembleTensors.CUM_LOG_PROBS);

    private InferRequestReader() {}

    static RecallQuery read(ModelInferRequest request, int maxBeamWidth) {
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw invalid(request.getInputsCount() + " inputs but " + request.getRawInputContentsCount() + " raw contents");
        }
        String prompt = null;
        Map<String, Integer> ints = new HashMap<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            InferInputTensor input = request.getInputs(i);
            String name = input.getName();
            if (raw && input.hasContents()) {
                throw invalid(name + ": contents given both raw and typed");
            }
            if (name.equals(EnsembleTensors.TEXT_INPUT)) {
                prompt = readPrompt(input, raw ? request.getRawInputContents(i) : null);
            } else if (INTEGER_INPUTS.contains(name)) {
                if (ints.put(name, readInt(input, raw ? request.getRawInputContents(i) : null)) != null) {
                    throw invalid("input " + name + " given twice");
                }
            } else if (name.equals(EnsembleTensors.RETURN_LOG_PROBS)) {
                readBool(input, raw ? request.getRawInputContents(i) : null);
            } else {
                throw invalid("unexpected inference input '" + name + "' for model '" + request.getModelName() + "'");
            }
        }
        if (prompt == null) {
            throw invalid("missing input " + EnsembleTensors.TEXT_INPUT);
        }
        Integer maxTokens = ints.get(EnsembleTensors.MAX_TOKENS);
        if (maxTokens == null || maxTokens < 1) {
            throw invalid(EnsembleTensors.MAX_TOKENS + " must be given and positive, got " + maxTokens);
        }
        int beamWidth = ints.getOrDefault(EnsembleTensors.BEAM_WIDTH, 1);
        if (beamWidth < 1 || beamWidth > maxBeamWidth) {
            throw invalid(EnsembleTensors.BEAM_WIDTH + " must be in [1, " + maxBeamWidth + "], got " + beamWidth);
        }
        int returned = ints.getOrDefault(EnsembleTensors.NUM_RETURN_SEQUENCES, beamWidth);
        if (returned < 1 || returned > beamWidth) {
            throw invalid(EnsembleTensors.NUM_RETURN_SEQUENCES + " must be in [1, beam_width=" + beamWidth + "], got " + returned);
        }
        boolean wantsText = request.getOutputsCount() == 0;
        boolean wantsScores = request.getOutputsCount() == 0;
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            if (!OUTPUTS.contains(output.getName())) {
                throw invalid("unexpected inference output '" + output.getName() + "'");
            }
            wantsText |= output.getName().equals(EnsembleTensors.TEXT_OUTPUT);
            wantsScores |= output.getName().equals(EnsembleTensors.CUM_LOG_PROBS);
        }
        return new RecallQuery(prompt, beamWidth, returned, maxTokens, wantsText, wantsScores, priority(request));
    }

    /** Triton's schedule-policy {@code priority} parameter: an int64 level, 1 the highest; 0 when not given. */
    private static int priority(ModelInferRequest request) {
        InferParameter given = request.getParametersMap().get(EnsembleMessages.PRIORITY);
        if (given == null) {
            return 0;
        }
        if (given.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM) {
            throw invalid("parameter " + EnsembleMessages.PRIORITY + " must be an int64, got " + given.getParameterChoiceCase());
        }
        long level = given.getInt64Param();
        if (level < 0) {
            throw invalid("parameter " + EnsembleMessages.PRIORITY + " must not be negative, got " + level);
        }
        return (int) Math.min(level, Integer.MAX_VALUE);
    }

    private static String readPrompt(InferInputTensor input, ByteString raw) {
        requireSingleElement(input, TensorDatatype.BYTES);
        byte[] bytes = raw != null
                ? TensorCodec.decodeBytes(input.getName(), raw, 1).get(0)
                : typed(input, input.getContents().getBytesContentsCount()).getBytesContents(0).toByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(input.getName() + ": prompt is not valid UTF-8");
        }
    }

    private static int readInt(InferInputTensor input, ByteString raw) {
        TensorDatatype type = requireSingleElement(input, TensorDatatype.INT32, TensorDatatype.UINT32);
        if (raw != null) {
            int value = TensorCodec.decodeInt32(input.getName(), raw, 1)[0];
            if (type == TensorDatatype.UINT32 && value < 0) {
                throw invalid(input.getName() + ": UINT32 value " + Integer.toUnsignedString(value) + " is too large");
            }
            return value;
        }
        InferTensorContents contents = input.getContents();
        return type == TensorDatatype.INT32
                ? typed(input, contents.getIntContentsCount()).getIntContents(0)
                : typed(input, contents.getUintContentsCount()).getUintContents(0);
    }

    private static boolean readBool(InferInputTensor input, ByteString raw) {
        requireSingleElement(input, TensorDatatype.BOOL);
        return raw != null
                ? TensorCodec.decodeBool(input.getName(), raw, 1)[0]
                : typed(input, input.getContents().getBoolContentsCount()).getBoolContents(0);
    }

    private static TensorDatatype requireSingleElement(InferInputTensor input, TensorDatatype... accepted) {
        TensorDatatype type;
        try {
            type = TensorDatatype.fromWire(input.getDatatype());
            long count = TensorCodec.elementCount(input.getShapeList());
            if (count != 1 || input.getShapeCount() == 0 || input.getShape(0) != 1) {
                throw invalid(input.getName() + ": shape " + input.getShapeList()
                        + " is not a batch of one single element; the local server serves batch size 1");
            }
        } catch (TensorFormatException e) {
            throw invalid(input.getName() + ": " + e.getMessage());
        }
        for (TensorDatatype candidate : accepted) {
            if (candidate == type) {
                return type;
            }
        }
        throw invalid(input.getName() + ": unexpected datatype " + input.getDatatype());
    }

    private static InferTensorContents typed(InferInputTensor input, int count) {
        if (count != 1) {
            throw invalid(input.getName() + ": expected one element in contents, got " + count);
        }
        return input.getContents();
    }

    static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }
}
