package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.RecallInference;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.model.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local server loading a trained model file and answering over real gRPC on loopback. */
class TrainedModelServerTest {

    @TempDir
    Path dir;

    @Test
    void aServerLoadedFromAModelFileRecallsTheNextObjectOfTheCycleWithTheModelsVersion() throws Exception {
        Path file = dir.resolve("model.bin");
        ModelFile.write(TrainedModelFixture.model(), file);
        LocalServerOptions options = LocalServerOptions.fromArgs(new String[] {"--port=0", "--model=" + file});
        LocalServerMain.Served served = LocalServerMain.trained(options);
        assertTrue(served.description().contains("version 7"), served.description());
        String prompt = "Recent ads: " + TrainedModelFixture.render("m17") + " " + TrainedModelFixture.render("m18");
        try (LocalInferenceServer server = LocalInferenceServer.start(options, served.model(), served.constraint());
                  TritonGrpcClient client = TritonGrpcClient.connect(LocalServerClientTest.options(server.port()).build())) {
            RecallInference result = client.infer(client.options().newRequest("r-1", "u-1", prompt).withBeams(10, 5))
                    .get(10, TimeUnit.SECONDS);
            assertEquals("7", result.modelVersion());
            assertEquals(5, result.beams().size());
            assertEquals(TrainedModelFixture.render("m19"), result.beams().get(0).text());
        }
    }

    @Test
    void aDamagedModelFileOrACatalogueOutsideTheModelsFormatIsRefusedAtStart() throws Exception {
        Path file = dir.resolve("model.bin");
        Files.writeString(file, "not a model");
        IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class, () -> LocalServerMain.trained(
                LocalServerOptions.fromArgs(new String[] {"--model=" + file})));
        assertTrue(damaged.getMessage().contains("not a recall model file"), damaged.getMessage());

        ModelFile.write(TrainedModelFixture.model(), file);
        Path catalogue = Files.writeString(dir.resolve("ids.txt"), "<a_1><b_2><c_1><d_0>\n<a_9><b_0><c_0><d_0>\n");
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> LocalServerMain.trained(
                LocalServerOptions.fromArgs(new String[] {"--model=" + file, "--catalogue=" + catalogue})));
        assertTrue(outside.getMessage().contains("does not fit"), outside.getMessage());
    }
}
