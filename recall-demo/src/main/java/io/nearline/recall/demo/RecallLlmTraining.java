package io.nearline.recall.demo;

import io.nearline.recall.testing.PythonRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Trains the recall LLM for the demo with the project's PyTorch trainer ({@value #TRAINER}) on samples the
 * serving prompt code wrote, sized so that it trains in a minute or two on two cores. Needs a python3 that
 * imports torch (Debian's python3-torch); {@link #python()} finds one before any server starts.
 */
final class RecallLlmTraining {

    static final String TRAINER = "recall-model/llm/train.py";
    /**
     * A model for the demo's few thousand users, small enough to train in about a minute here; every user's
     * samples train it but the last of two or more (validation): the live replay is its test.
     */
    static final List<String> DEMO_MODEL = List.of("--hidden", "128", "--layers", "2", "--heads", "4",
            "--kv-heads", "2", "--intermediate", "344", "--epochs", "2", "--max-prompt-tokens", "192",
            "--eval-users", "300", "--holdout", "serve", "--skip-test", "--log-every", "100");
    private static final long TIMEOUT_MINUTES = 30;

    private RecallLlmTraining() {}

    /** A python3 that imports torch: {@code NEARLINE_PYTHON}, then python3 on the PATH, then Debian's. */
    static Optional<String> python() {
        try {
            return PythonRunner.withModules("torch").map(PythonRunner::command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Trains into {@code checkpoint} from the samples and objects; each progress line goes to {@code progress}. */
    static void train(String python, Path samples, Path objects, Path checkpoint, Consumer<String> progress)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(Path.of(TRAINER))) {
            throw new IllegalStateException(TRAINER + " not found: run the demo from the repository root (bin/demo does)");
        }
        List<String> command = new ArrayList<>(List.of(python, TRAINER, "--samples", samples.toString(),
                "--objects", objects.toString(), "--out", checkpoint.toString()));
        command.addAll(DEMO_MODEL);
        Process training = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> tail = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(training.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                progress.accept(line);
                tail.add(line);
                if (tail.size() > 20) {
                    tail.remove(0);
                }
            }
        }
        if (!training.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || training.exitValue() != 0) {
            training.destroyForcibly();
            throw new IllegalStateException("the recall LLM did not train (" + String.join(" ", command) + "):\n"
                    + String.join("\n", tail));
        }
    }
}
