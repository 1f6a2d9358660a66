package io.nearline.recall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
        Optional<String> python = pythonWithTorch();
        Assumptions.assumeTrue(python.isPresent(), "no python3 with torch among " + candidates()
                + ": Debian's `apt-get install -y python3-torch` provides one (or set NEARLINE_PYTHON)");
        ProcessBuilder builder = new ProcessBuilder(python.get(), "-m", "unittest", "discover", "-s",
                Path.of("llm", "tests").toAbsolutePath().toString(), "-v").redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("\nOK"), output);
    }

    private static Set<String> candidates() {
        Set<String> candidates = new LinkedHashSet<>();
        String configured = System.getenv("NEARLINE_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(List.of("python3", "/usr/bin/python3"));  // a pyenv python3 may not see Debian's torch
        return candidates;
    }

    private static Optional<String> pythonWithTorch() throws InterruptedException {
        for (String candidate : candidates()) {
            try {
                Process probe = new ProcessBuilder(new ArrayList<>(List.of(candidate, "-c", "import torch")))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                probe.destroyForcibly();
            } catch (IOException notInstalled) {
                // not on this machine: try the next candidate
            }
        }
        return Optional.empty();
    }
}
