package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.nearline.recall.inference.TensorCodec;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import io.nearline.recall.inference.kserve.InferTensorContents;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferRequest.InferInputTensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage sent to the local server's ModelInfer: wrong tensor types and shapes, huge beam widths,
 * empty and huge prompts, random protobuf bytes. Every call ends in a clean status that names the
 * client's mistake (never UNKNOWN or INTERNAL, which would mean the server threw), and the server keeps
 * serving good requests throughout.
 */
class ServerInputFuzzTest {

    private static final Set<Status.Code> CLIENT_ERRORS = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNIMPLEMENTED);
    private static final String[] NAMES = {"text_input", "max_tokens", "beam_width", "num_return_sequences", "end_id",
            "pad_id", "return_log_probs", "temperature", "", "text_input\u0000"};
    private static final String[] TYPES = {"BYTES", "INT32", "UINT32", "INT64", "FP32", "BOOL", "FP16", "NOPE", ""};

    private static LocalInferenceServer server;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        server = LocalInferenceServer.start(0, new FrequencyFixtureModel(16, 1),
                CodeTrie.of(FixtureSemanticIds.generate(500, 4, 16, 1)));
        channel = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 << 20).build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void randomRequests_endInClientErrorStatuses_andTheServerKeepsServing() {
        Random random = new Random(5);
        Map<Status.Code, Integer> outcomes = new EnumMap<>(Status.Code.class);
        for (int i = 0; i < 3_000; i++) {
            Status.Code code = call(randomRequest(random));
            assertTrue(CLIENT_ERRORS.contains(code), "request " + i + " ended in " + code + ": " + lastError);
            outcomes.merge(code, 1, Integer::sum);
            if (i % 500 == 0) {
                assertEquals(Status.Code.OK, call(good("<a_1><b_2>", 10)), "a good request after garbage");
            }
        }
        assertTrue(outcomes.getOrDefault(Status.Code.INVALID_ARGUMENT, 0) > 2_000, outcomes.toString());
        System.out.println("[grpc-fuzz] outcomes " + outcomes);
    }

    @Test
    void extremeBeamWidthsAndPrompts_areRefusedOrServed_cleanly() {
        for (int beam : new int[] {0, -1, LocalServerOptions.DEFAULT_MAX_BEAM_WIDTH + 1, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(Status.Code.INVALID_ARGUMENT, call(good("<a_1>", beam)), "beam " + beam);
        }
        assertEquals(Status.Code.OK, call(good("", 10)), "an empty prompt is a user with no history");
        assertTrue(CLIENT_ERRORS.contains(call(good("x".repeat(3_000_000), 10))), "a 3 MB prompt");
        assertTrue(CLIENT_ERRORS.contains(call(good("<a_1>".repeat(200_000), 300))), "a prompt of 200,000 IDs");
        assertEquals(Status.Code.INVALID_ARGUMENT, call(good("<a_1><c_9>", 10)), "a broken semantic ID");
    }

    @Test
    void protobufGarbage_isRefusedByTheTransport_notTheModel() {
        MethodDescriptor<byte[], byte[]> raw = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(
                new BytesMarshaller(), new BytesMarshaller()).build();
        Random random = new Random(9);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            Status status;
            try {
                ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), garbage);
                status = Status.OK;
            } catch (StatusRuntimeException e) {
                status = e.getStatus();
            }
            // bytes that parse as a request meet the reader; grpc-java itself cancels a call whose bytes do
            // not parse, as UNKNOWN "Application error processing RPC", before any code of the server runs
            boolean unparsable = status.getCode() == Status.Code.UNKNOWN
                    && "Application error processing RPC".equals(status.getDescription());
            assertTrue(unparsable || status.getCode() == Status.Code.INVALID_ARGUMENT
                    || status.getCode() == Status.Code.NOT_FOUND, "garbage " + i + ": " + status);
        }
        assertEquals(Status.Code.OK, call(good("<a_1>", 10)));
    }

    private static Status.Code call(ModelInferRequest request) {
        try {
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).modelInfer(request);
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            lastError = e.getStatus().getDescription();
            return e.getStatus().getCode();
        }
    }

    private static String lastError;

    private static ModelInferRequest good(String prompt, int beamWidth) {
        return ModelInferRequest.newBuilder().setModelName("ensemble")
                .addInputs(input("text_input", "BYTES", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeBytes(List.of(prompt.getBytes())))
                .addInputs(input("max_tokens", "INT32", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeInt32(4))
                .addInputs(input("beam_width", "INT32", List.of(1L, 1L)))
                .addRawInputContents(TensorCodec.encodeInt32(beamWidth))
                .build();
    }

    private static ModelInferRequest randomRequest(Random random) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder()
                .setModelName(random.nextInt(10) == 0 ? "gpt" : "ensemble");
        boolean raw = random.nextBoolean();
        int inputs = random.nextInt(6);
        for (int i = 0; i < inputs; i++) {
            List<Long> shape = switch (random.nextInt(5)) {
                case 0 -> List.of();
                case 1 -> List.of(1L, 1L);
                case 2 -> List.of((long) random.nextInt(5), (long) random.nextInt(5));
                case 3 -> List.of(1L << 40, 1L << 40);
                default -> List.of(-1L, 1L);
            };
            InferInputTensor.Builder input = InferInputTensor.newBuilder()
                    .setName(NAMES[random.nextInt(NAMES.length)]).setDatatype(TYPES[random.nextInt(TYPES.length)])
                    .addAllShape(shape);
            if (raw) {
                byte[] contents = new byte[random.nextInt(40)];
                random.nextBytes(contents);
                request.addRawInputContents(ByteString.copyFrom(contents));
            } else {
                input.setContents(InferTensorContents.newBuilder().addIntContents(random.nextInt())
                        .addBytesContents(ByteString.copyFromUtf8("<a_" + random.nextInt(1000) + ">")));
            }
            request.addInputs(input);
        }
        if (random.nextInt(4) == 0) {
            request.addRawInputContents(ByteString.copyFrom(new byte[] {1, 2, 3}));
        }
        return request.build();
    }

    private static InferInputTensor input(String name, String datatype, List<Long> shape) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addAllShape(shape).build();
    }

    /** Sends bytes as they are, so that the server's protobuf parser sees garbage. */
    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
