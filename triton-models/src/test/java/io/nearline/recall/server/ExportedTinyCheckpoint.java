package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.TinyCheckpoint;
import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TinyCheckpoint} written and exported to ONNX beside its weights by {@code export_onnx.py}, as train.py
 * leaves a trained one; the caller's test is skipped without a python3 with torch.
 */
final class ExportedTinyCheckpoint {

    static final Path EXPORTER = PythonRunner.repositoryRoot().resolve("recall-model/llm/export_onnx.py");

    private ExportedTinyCheckpoint() {}

    static LlamaCheckpoint write(TinyCheckpoint tiny, Path folder) throws Exception {
        assumeTrue(Files.isRegularFile(EXPORTER), "no " + EXPORTER + " in this tree");
        Optional<PythonRunner> python = PythonRunner.withModules("torch");
        assumeTrue(python.isPresent(), "no python3 with torch among " + PythonRunner.candidates());
        tiny.write(folder);
        PythonRunner.Result run = python.get().run(180, Map.of("OMP_NUM_THREADS", "1"), EXPORTER.toString(),
                "--checkpoint", folder.toString());
        assertEquals(0, run.exitCode(), run.output());
        return LlamaCheckpoint.load(folder);
    }
}
