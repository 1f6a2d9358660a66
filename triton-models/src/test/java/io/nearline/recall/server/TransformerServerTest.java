package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.llm.TinyCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformer behind the real gRPC server, and the checks that refuse a checkpoint at load. */
class TransformerServerTest {

    @TempDir
    Path dir;

    private Path catalogue(String header) throws Exception {
        StringBuilder text = new StringBuilder(header);
        for (int[] id : TransformerRecallModelTest.ids(3)) {
            text.append(SemanticIdTokens.render(id, id.length)).append('\n');
        }
        return Files.writeString(dir.resolve("ids.txt"), text);
    }

    private LocalServerOptions.Builder options(Path catalogue) throws Exception {
        Path checkpoint = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        return LocalServerOptions.builder().port(0).modelKind("transformer").checkpoint(checkpoint.toString())
                .catalogue(catalogue.toString());
    }

    @Test
    void servesBeamsOfTheCatalogueAtWidth300AndReportsTheCheckpointsVersion() throws Exception {
        Path file = catalogue("# semantic-ids version=1 levels=3 codes=8 collision-codes=4 always-suffix=false\n");
        LocalServerOptions options = options(file).build();
        LocalServerMain.Served served = TransformerServing.served(options);
        Set<String> ids = new HashSet<>(Files.readAllLines(file).subList(1, Files.readAllLines(file).size()));
        try (LocalInferenceServer server = LocalInferenceServer.start(options, served.model(), served.constraint());
                TritonGrpcClient client = TritonGrpcClient.connect(
                        LocalServerClientTest.options(server.port()).build())) {
            for (String prompt : TransformerRecallModelTest.replay()) {
                RecallInference result = client.infer(client.options().newRequest("r", "u", prompt)
                        .withBeams(300, 100)).get(30, TimeUnit.SECONDS);
                assertEquals("tiny-1", result.modelVersion());
                assertEquals(100, result.beams().size());
                result.beams().forEach(beam -> assertTrue(ids.contains(beam.text()), beam.text()));
            }
            TransformerRecallModel model = (TransformerRecallModel) served.model();
            assertEquals(TransformerRecallModelTest.replay().size() - 1, model.cacheStats().hits());
        }
    }

    @Test
    void aCheckpointTrainedOnAnotherCodebookIsRefusedWithTheReason() throws Exception {
        Path file = catalogue("# semantic-ids version=2 levels=3 codes=8 collision-codes=4 always-suffix=false\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(file).build()));
        assertTrue(e.getMessage().contains("codebook version '1' but the catalogue is version '2'"), e.getMessage());
    }

    @Test
    void aCatalogueOfUnknownVersionCannotBeChecked() throws Exception {
        Path file = catalogue("");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(file).build()));
        assertTrue(e.getMessage().contains("server.catalogue-version"), e.getMessage());
        assertEquals("tiny-1", TransformerServing.served(options(file).catalogueVersion("1").build()).model().version(),
                "an explicit version is checked instead");
    }

    @Test
    void aCodeTheTokenizerCannotSpellIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("wide.txt"), "# semantic-ids version=1\n<a_1><b_9><c_0>\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerServing.served(options(file).build()));
        assertTrue(e.getMessage().contains("does not spell"), e.getMessage());
    }

    @Test
    void theModelKindNeedsACheckpoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromMap(java.util.Map.of("server.model-kind", "transformer")));
        assertTrue(e.getMessage().contains("server.checkpoint"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromMap(java.util.Map.of("server.model-kind", "bert")));
        assertEquals(List.of("count"), List.of(LocalServerOptions.builder().build().modelKind()));
    }
}
