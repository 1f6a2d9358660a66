package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.testing.PythonRunner;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs deploy/validate_deploy.py over docker-compose.yml, the Helm chart and the catalogue sample (the checks that
 * need no Docker, Helm or cluster); skipped when no python3 with PyYAML is found.
 */
class DeploymentFilesTest {

    @Test
    void composeFileChartAndCatalogueSamplePassTheRenderFreeChecks() throws Exception {
        Optional<PythonRunner> python = PythonRunner.withModules("yaml");
        Assumptions.assumeTrue(python.isPresent(), "no python3 with PyYAML among " + PythonRunner.candidates()
                + ": Debian's `apt-get install -y python3-yaml` provides one (or set NEARLINE_PYTHON)");
        PythonRunner.Result result = python.get().run(60,
                PythonRunner.repositoryRoot().resolve("deploy/validate_deploy.py").toString(),
                PythonRunner.repositoryRoot().toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("deployment files: 0 problem(s)"), result.output());
    }
}
