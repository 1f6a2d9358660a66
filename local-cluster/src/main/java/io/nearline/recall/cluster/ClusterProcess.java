package io.nearline.recall.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process of the local cluster, known by its name: started with its output appended to its log and its pid
 * written to its pid file, so that a later {@code bin/cluster} (another JVM) finds, checks and stops it. A pid is
 * taken for this process only while its command line still names the cluster's state folder (pids are reused).
 */
public final class ClusterProcess {

    private final String name;
    private final ClusterLayout layout;

    public ClusterProcess(String name, ClusterLayout layout) {
        this.name = name;
        this.layout = layout;
    }

    public String name() {
        return name;
    }

    /** Starts {@code command} in the state folder with {@code environment} added; the command must name the folder. */
    public void start(List<String> command, Map<String, String> environment) throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + pid().orElseThrow() + ")");
        }
        Files.createDirectories(layout.logs());
        Files.createDirectories(layout.pids());
        ProcessBuilder builder = new ProcessBuilder(command).directory(layout.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Files.writeString(layout.pid(name), Long.toString(process.pid()), StandardCharsets.UTF_8);
        // until the child has exec'd, /proc shows the JVM's spawn helper, not the command that names the folder
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (process.isAlive() && !alive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The running process, if its pid file names one that is alive and is ours. */
    public Optional<ProcessHandle> handle() {
        return pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(this::ours);
    }

    public boolean alive() {
        return handle().isPresent();
    }

    public Optional<Long> pid() {
        try {
            Path file = layout.pid(name);
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code kill -9}: the process gets no chance to clean up, as when a machine dies. */
    public void kill() throws InterruptedException {
        Optional<ProcessHandle> process = handle();
        if (process.isPresent()) {
            process.get().destroyForcibly();
            awaitExit(process.get(), Duration.ofSeconds(10));
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; true if it was running. */
    public boolean stop(Duration grace) throws InterruptedException {
        Optional<ProcessHandle> process = handle();
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        if (!awaitExit(process.get(), grace)) {
            process.get().destroyForcibly();
            awaitExit(process.get(), Duration.ofSeconds(10));
        }
        return true;
    }

    /** Waits until the process has exited (a process that ends by itself, as the init or the producer does). */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        Optional<ProcessHandle> process = handle();
        return process.isEmpty() || awaitExit(process.get(), timeout);
    }

    /** The last {@code lines} lines of the process's log, to say why it failed. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(layout.log(name), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + layout.log(name) + ")";
        }
    }

    private boolean ours(ProcessHandle process) {
        try {
            byte[] commandLine = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(commandLine, StandardCharsets.UTF_8).contains(layout.dir().toString());
        } catch (IOException e) {
            return process.info().commandLine().map(line -> line.contains(layout.dir().toString())).orElse(false);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return !process.isAlive();
    }
}
