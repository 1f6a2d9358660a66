package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.testing.PythonRunner;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python unit tests of the model repository (constrained beam search, catalogue reloads, the TensorRT-LLM
 * logits post-processor) with a python3 that has torch; skipped, saying how to get one, when none is found.
 */
class PythonModelTest {

    @Test
    void pythonDecodingTestsPass() throws Exception {
        Optional<PythonRunner> python = PythonRunner.withModules("torch");
        Assumptions.assumeTrue(python.isPresent(), "no python3 with torch among " + PythonRunner.candidates()
                + ": Debian's `apt-get install -y python3-torch` provides one (or set NEARLINE_PYTHON)");
        PythonRunner.Result result = python.get().run(120, "-m", "unittest", "discover", "-s",
                ModelRepository.ROOT.resolve("tests").toString(), "-v");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\nOK"), result.output());
    }
}
