package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python tests of the recall LLM's training ({@code llm/tests}: a tiny model trained on generated samples,
 * loss falls, HR@10 beats popularity, DPO, resuming) with a python3 that has torch; skipped, saying how to get one,
 * when none is found.
 */
class LlmTrainingPythonTest {

    @Test
    void llmTrainingTestsPass() throws Exception {
        Optional<PythonRunner> python = PythonRunner.withModules("torch");
        Assumptions.assumeTrue(python.isPresent(), "no python3 with torch among " + PythonRunner.candidates()
                + ": Debian's `apt-get install -y python3-torch` provides one (or set NEARLINE_PYTHON)");
        PythonRunner.Result result = python.get().run(300, Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1"),
                "-m", "unittest", "discover", "-s", Path.of("llm", "tests").toAbsolutePath().toString(), "-v");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\nOK"), result.output());
    }
}
