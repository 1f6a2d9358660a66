package io.nearline.recall.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's command-line client ({@code CliFrontend}, what {@code bin/flink} runs) against the local cluster, each
 * call a process of its own reading the cluster's conf/: {@code run -d} of the shaded job jar (from a savepoint or
 * not), {@code stop --savepointPath}, {@code cancel}. Its output is appended to logs/flink-client.log.
 */
public final class FlinkClient {

    private static final Pattern SUBMITTED = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    private final ClusterCommands commands;
    private final ClusterLayout layout;

    FlinkClient(ClusterCommands commands, ClusterLayout layout) {
        this.commands = commands;
        this.layout = layout;
    }

    /** {@code flink run -d -p N [-s SAVEPOINT] JAR ARGS}; returns the job id. */
    public String run(int parallelism, List<String> jobArguments, String savepoint) throws IOException,
            InterruptedException {
        return run(commands.jobJar(), parallelism, jobArguments, savepoint);
    }

    /** As {@link #run(int, List, String)}, with another job jar (an upgrade). */
    public String run(Path jar, int parallelism, List<String> jobArguments, String savepoint) throws IOException,
            InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("run", "-d", "-p", Integer.toString(parallelism)));
        if (savepoint != null) {
            arguments.addAll(List.of("-s", savepoint));
        }
        arguments.add(jar.toString());
        arguments.addAll(jobArguments);
        return find(SUBMITTED, call(arguments), "run");
    }

    /** {@code flink stop --savepointPath DIR JOB}: a savepoint, then the job ends; returns the savepoint's path. */
    public String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
        return find(SAVEPOINT, call(List.of("stop", "--savepointPath", layout.savepoints().toUri().toString(), jobId)),
                "stop");
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        call(List.of("cancel", jobId));
    }

    private String call(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = commands.flinkClient(arguments);
        String output = output(command, layout.dir(), CALL_TIMEOUT, "FLINK_CONF_DIR", layout.conf().toString());
        Files.createDirectories(layout.logs());
        Files.writeString(layout.log("flink-client"), "$ flink " + String.join(" ", arguments) + "\n" + output,
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return output;
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("flink " + what + " failed:\n" + output);
        }
        return matcher.group(1);
    }

    /** Runs a short command to its end and returns what it printed; a non-zero exit is an exception with it. */
    static String output(List<String> command, Path directory, Duration timeout, String... environment)
            throws IOException, InterruptedException {
        Path printed = Files.createTempFile("nearline-cluster-call", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(printed.toFile());
            for (int i = 0; i + 1 < environment.length; i += 2) {
                builder.environment().put(environment[i], environment[i + 1]);
            }
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            String text = Files.readString(printed, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(printed);
        }
    }
}
