package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    private static SequentialRecallModel model() {
        RecallModelOptions options = RecallModelOptions.defaults().with("model.version", "2024-06-01.3")
                .with("history.decay", "0.5");
        return Fixtures.train(Fixtures.cycles(150, 30, 8, 9), Fixtures.ids(40), options);
    }

    @Test
    void aModelFileRoundTripsWithItsVersionsAndPredictions(@TempDir Path directory) throws Exception {
        SequentialRecallModel written = model();
        Path file = directory.resolve("model.bin");
        ModelFile.write(written, file);
        SequentialRecallModel read = assertInstanceOf(ModelFile.Loaded.Model.class, ModelFile.read(file)).model();

        ModelHeader header = read.header();
        assertEquals(ModelFile.FORMAT_VERSION, header.formatVersion());
        assertEquals("2024-06-01.3", header.modelVersion());
        assertEquals(3, header.semanticIdVersion());
        assertEquals("fixture vectors", header.semanticIdSource());
        assertEquals("fixture cycles", header.trainingData());
        assertEquals(written.header(), header);
        assertEquals("0.5", read.options().asMap().get("history.decay"));
        assertEquals(written.items().objectIds(), read.items().objectIds());
        assertEquals(written.items().format(), read.items().format());
        for (List<String> history : List.of(List.<String>of(), List.of("m4"), List.of("m20", "m21", "m30"))) {
            NextItemDistribution before = written.predictObjects(history);
            NextItemDistribution after = read.predictObjects(history);
            for (int item = 0; item < written.items().size(); item++) {
                assertEquals(before.probability(item), after.probability(item), 0.0);
            }
            assertArrayEquals(before.nextCodeLogProbabilities(new int[] {1}, 1),
                    after.nextCodeLogProbabilities(new int[] {1}, 1));
        }
    }

    @Test
    void aDamagedFileIsRefusedWithTheReason(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("model.bin");
        ModelFile.write(model(), file);
        byte[] bytes = Files.readAllBytes(file);

        byte[] flipped = bytes.clone();
        flipped[bytes.length - 40] ^= 0x10;
        Files.write(file, flipped);
        assertFailure(file, "checksum");

        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertFailure(file, "truncated");

        Files.write(file, "not a model".getBytes());
        assertFailure(file, "not a recall model file");

        assertFailure(directory.resolve("missing.bin"), "no such file");
    }

    @Test
    void aFileOfAnotherFormatVersionIsRefused(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("model.bin");
        ModelFile.write(model(), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[7] = 9;
        Files.write(file, bytes);
        assertFailure(file, "file format 9");
    }

    private static void assertFailure(Path file, String expected) {
        String reason = assertInstanceOf(ModelFile.Loaded.Failed.class, ModelFile.read(file)).reason();
        assertTrue(reason.contains(expected), reason);
        assertTrue(reason.contains(file.toString()), reason);
    }
}
