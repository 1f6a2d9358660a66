package io.nearline.recall.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Finds a python3 that can import given modules and runs scripts with it, for tests of the Python parts. */
public final class PythonRunner {

    /** What a run printed (stdout and stderr together) and its exit status; -1 when it did not finish in time. */
    public record Result(int exitCode, String output) {}

    private final String python;

    private PythonRunner(String python) {
        this.python = python;
    }

    public static Set<String> candidates() {
        Set<String> candidates = new LinkedHashSet<>();
        String configured = System.getenv("NEARLINE_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        // A pyenv or venv python3 first on PATH does not see Debian's python3-* packages; /usr/bin/python3 does.
        candidates.addAll(List.of("python3", "/usr/bin/python3"));
        return candidates;
    }

    /** The first candidate that imports every module, if any. */
    public static Optional<PythonRunner> withModules(String... modules) throws InterruptedException {
        String imports = "import " + String.join(", ", modules);
        for (String candidate : candidates()) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", imports).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return Optional.of(new PythonRunner(candidate));
                }
                probe.destroyForcibly();
            } catch (IOException notInstalled) {
                // not on this machine: try the next candidate
            }
        }
        return Optional.empty();
    }

    /** The python3 command found, for a caller that starts its own process. */
    public String command() {
        return python;
    }

    public Result run(long timeoutSeconds, String... arguments) throws IOException, InterruptedException {
        return run(timeoutSeconds, Map.of(), arguments);
    }

    /** As {@link #run(long, String...)}, with {@code environment} added where the caller's has no such variable. */
    public Result run(long timeoutSeconds, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach(builder.environment()::putIfAbsent);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");  // leave no __pycache__ in the source tree
        Process process = builder.start();
        process.getOutputStream().close();
        // Output is read to the end first: the scripts are bounded and a full pipe would block them.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, output);
        }
        return new Result(process.exitValue(), output);
    }

    /** The repository's root, for a test running in one of its modules. */
    public static Path repositoryRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
