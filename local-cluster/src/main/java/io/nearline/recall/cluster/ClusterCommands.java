package io.nearline.recall.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of each process of the local cluster: which JVM, which classpath (Flink's alone for the Flink
 * processes and the client, the demo's for the broker, the init, the inference server and the producer), how much
 * memory, which main class. Every command names the state folder, which is how {@link ClusterProcess} knows its own.
 */
final class ClusterCommands {

    /** What Flink's scripts open for Java 17 (Kryo, RocksDB and Pekko reflect into these). */
    private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.util",
            "java.base/java.nio", "java.base/sun.nio.ch", "java.base/java.lang.reflect", "java.base/java.io",
            "java.base/java.net", "java.base/java.text", "java.base/java.time", "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic", "java.base/java.util.concurrent.locks", "java.base/java.math");

    private final ClusterOptions options;
    private final ClusterLayout layout;

    ClusterCommands(ClusterOptions options, ClusterLayout layout) {
        this.options = options;
        this.layout = layout;
    }

    /** A JVM on the demo's classpath (the project's modules and their dependencies). */
    List<String> demoJava(String maxHeap, String mainClass, List<String> arguments) throws IOException {
        Path demo = options.projectDir().resolve("recall-demo/target");
        String classpath = demo.resolve("classes") + ":" + readClasspath(demo.resolve("demo-classpath.txt"));
        List<String> command = java(maxHeap == null ? List.of() : List.of("-Xmx" + maxHeap));
        command.add("-Dlog4j2.configurationFile=classpath:log4j2-demo.properties");
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(arguments);
        return command;
    }

    /** A JVM on Flink's classpath with the memory flags of {@code memory}, logging as conf/log4j.properties says. */
    List<String> flinkJava(FlinkProcessMemory memory, String name, String mainClass, List<String> arguments)
            throws IOException {
        List<String> command = java(memory == null ? List.of("-Xmx256m") : memory.jvmArguments());
        command.add("-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties").toUri());
        command.add("-Dlog.file=" + layout.log(name));
        command.addAll(List.of("-cp", flinkClasspath(), mainClass));
        command.addAll(arguments);
        if (memory != null) {
            command.addAll(memory.dynamicProperties());
        }
        return command;
    }

    /** Flink's client, as {@code bin/flink ARGUMENTS} runs it (FLINK_CONF_DIR set by the caller). */
    List<String> flinkClient(List<String> arguments) throws IOException {
        return flinkJava(null, "flink-client", "org.apache.flink.client.cli.CliFrontend", arguments);
    }

    /** The shaded job jar of flink-jobs, as a release would ship it. */
    Path jobJar() throws IOException {
        Path target = options.projectDir().resolve("flink-jobs/target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "flink-jobs-*-job.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("no shaded job jar under " + target + ": build first (bin/cluster does)");
    }

    private String flinkClasspath() throws IOException {
        return readClasspath(options.projectDir().resolve("local-cluster/target/flink-classpath.txt"));
    }

    private List<String> java(List<String> memoryFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(memoryFlags);
        command.add("-Dnearline.cluster.dir=" + layout.dir());
        // small heaps on a few shared cores: one collector thread each instead of a G1 pool per JVM
        command.add("-XX:+UseSerialGC");
        OPENS.forEach(module -> command.add("--add-opens=" + module + "=ALL-UNNAMED"));
        command.add("-Djava.awt.headless=true");
        return command;
    }

    private static String readClasspath(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalStateException("no " + file + ": build first (bin/cluster does)");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
