package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.llm.TinyCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.transformer-runtime} behind the real gRPC server: a checkpoint exported beside its weights is served
 * under ONNX Runtime (chosen by {@code auto}) with the recall it has under the plain-Java pass, and an export that is
 * missing, unrecorded or not of these weights is refused at load with the reason.
 */
class OnnxServingTest {

    private static final String HEADER = "# semantic-ids version=1 levels=3 codes=8 collision-codes=4 always-suffix=false\n";

    @TempDir
    Path dir;

    private LocalServerOptions.Builder options(Path checkpoint, String runtime) throws Exception {
        StringBuilder text = new StringBuilder(HEADER);
        for (int[] id : TransformerRecallModelTest.ids(3)) {
            text.append(SemanticIdTokens.render(id, id.length)).append('\n');
        }
        Path catalogue = Files.writeString(dir.resolve("ids.txt"), text);
        return LocalServerOptions.builder().port(0).modelKind("transformer").checkpoint(checkpoint.toString())
                .catalogue(catalogue.toString()).transformerRuntime(runtime);
    }

    private static List<List<GeneratedBeam>> recall(LocalServerOptions options, LocalServerMain.Served served)
            throws Exception {
        List<List<GeneratedBeam>> answers = new ArrayList<>();
        try (LocalInferenceServer server = LocalInferenceServer.start(options, served.model(), served.constraint());
                TritonGrpcClient client = TritonGrpcClient.connect(
                        LocalServerClientTest.options(server.port()).build())) {
            for (String prompt : TransformerRecallModelTest.replay()) {
                RecallInference result = client.infer(client.options().newRequest("r", "u", prompt)
                        .withBeams(50, 30)).get(30, TimeUnit.SECONDS);
                assertEquals("tiny-1", result.modelVersion());
                answers.add(result.beams());
            }
        }
        return answers;
    }

    @Test
    void anExportedCheckpointIsServedUnderOnnxRuntimeWithTheRecallOfThePlainJavaPass() throws Exception {
        Path checkpoint = dir.resolve("checkpoint");
        ExportedTinyCheckpoint.write(new TinyCheckpoint(), checkpoint);
        LocalServerOptions auto = options(checkpoint, "auto").build();
        LocalServerMain.Served onnx = TransformerServing.served(auto);
        assertInstanceOf(OnnxRecallModel.class, onnx.model(), "auto picks the export beside the weights");
        assertTrue(onnx.description().contains("runtime ONNX Runtime over model.onnx, 1 thread a run"),
                onnx.description());
        LocalServerOptions java = options(checkpoint, "java").build();
        LocalServerMain.Served plain = TransformerServing.served(java);
        assertTrue(plain.description().contains("runtime plain-Java forward pass"), plain.description());

        List<List<GeneratedBeam>> expected = recall(java, plain);
        List<List<GeneratedBeam>> actual = recall(auto, onnx);
        for (int p = 0; p < expected.size(); p++) {
            assertEquals(30, actual.get(p).size());
            for (int i = 0; i < expected.get(p).size(); i++) {
                GeneratedBeam want = expected.get(p).get(i);
                GeneratedBeam got = actual.get(p).get(i);
                assertEquals(want.text(), got.text(), "prompt " + p + ", rank " + i);
                assertEquals(want.cumLogProb(), got.cumLogProb(), 1e-4f * (1 + Math.abs(want.cumLogProb())),
                        "prompt " + p + ", rank " + i);
            }
        }
        assertEquals(TransformerRecallModelTest.replay().size() - 1,
                ((OnnxRecallModel) onnx.model()).cacheStats().hits(), "the prefix cache serves under ONNX Runtime");

        ModelContext context = ModelContext.fromPrompt(TransformerRecallModelTest.replay().get(0));
        assertEquals(5, ConstrainedBeamSearch.search(onnx.model(), context, onnx.constraint(), 5, 5, 4, () -> false)
                .size());
        onnx.model().close();
        assertThrows(IllegalStateException.class, () -> ConstrainedBeamSearch.search(onnx.model(), context,
                onnx.constraint(), 5, 5, 4, () -> false),
                "the session is released: a search after close fails rather than reading freed memory");
    }

    @Test
    void onnxWithoutTheExportIsRefusedNamingTheCommandThatWritesIt() throws Exception {
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(checkpoint, "onnx").build()));
        assertTrue(e.getMessage().contains("has no ONNX export model.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("recall-model/llm/export_onnx.py --checkpoint " + checkpoint),
                e.getMessage());
        assertInstanceOf(TransformerRecallModel.class, TransformerServing.served(options(checkpoint, "auto").build())
                .model(), "auto without an export serves the plain-Java pass");
    }

    @Test
    void anExportOfOtherWeightsIsRefusedUnderAutoTooButJavaStillServes() throws Exception {
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        Files.writeString(checkpoint.resolve(OnnxExport.FILE), "a graph of earlier weights");
        Files.writeString(checkpoint.resolve(OnnxExport.SIDECAR),
                "{\"model_version\": \"tiny-1\", \"weights_sha256\": \"" + "0".repeat(64) + "\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(checkpoint, "auto").build()));
        assertTrue(e.getMessage().contains("other weights than its model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("the export is stale"), e.getMessage());
        assertInstanceOf(TransformerRecallModel.class, TransformerServing.served(options(checkpoint, "java").build())
                .model());
    }

    @Test
    void anExportOfAnotherModelVersionOrWithoutItsRecordIsRefused() throws Exception {
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        Files.writeString(checkpoint.resolve(OnnxExport.FILE), "a graph");
        IllegalArgumentException unrecorded = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(checkpoint, "onnx").build()));
        assertTrue(unrecorded.getMessage().contains("no model.onnx.json"), unrecorded.getMessage());
        Files.writeString(checkpoint.resolve(OnnxExport.SIDECAR), "{\"model_version\": \"tiny-0\", \"weights_sha256\": \""
                + OnnxExport.sha256(checkpoint.resolve(OnnxExport.WEIGHTS)) + "\"}");
        IllegalArgumentException older = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(checkpoint, "onnx").build()));
        assertTrue(older.getMessage().contains("model version 'tiny-0' but config.json is version 'tiny-1'"),
                older.getMessage());
    }

    @Test
    void theRuntimeAndItsThreadsAreCheckedOptions() {
        assertEquals("auto", LocalServerOptions.builder().build().transformerRuntime());
        assertEquals(1, LocalServerOptions.builder().build().onnxThreads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromMap(Map.of("server.transformer-runtime", "tensorrt")));
        assertTrue(e.getMessage().contains("server.transformer-runtime"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromMap(Map.of("server.onnx-threads", "-1")));
    }
}
