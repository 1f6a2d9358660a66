package io.nearline.recall.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a running cluster's later commands and tests need to find it: each port chosen at {@code up}, the end time
 * of the generator's log (the init and the producer open the same log), and the job's id. Kept in
 * {@code cluster.properties} in the state folder.
 */
public final class ClusterStatus {

    public static final String KAFKA_PORT = "kafka.port";
    public static final String KAFKA_CONTROLLER_PORT = "kafka.controller-port";
    public static final String REDIS_PORT = "redis.port";
    public static final String JOBMANAGER_RPC_PORT = "jobmanager.rpc-port";
    public static final String REST_PORT = "rest.port";
    public static final String INFERENCE_PORT = "inference.port";
    public static final String INFERENCE_METRICS_PORT = "inference.metrics-port";
    public static final String LOG_END_TIME = "log.end-time";
    public static final String JOB_ID = "job.id";

    private final Properties values;
    private final Path file;

    private ClusterStatus(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** The status in {@code file}, or an empty one where there is none yet. */
    public static ClusterStatus read(Path file) throws IOException {
        Properties values = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(in);
            }
        }
        return new ClusterStatus(file, values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public void put(String key, Object value) throws IOException {
        values.setProperty(key, String.valueOf(value));
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            values.store(out, "nearline-recall local cluster");
        }
    }

    public String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(file + " names no " + key + ": is the cluster up?");
        }
        return value;
    }

    public int port(String key) {
        return Integer.parseInt(get(key));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The Prometheus port of TaskManager {@code index} (1-based). */
    public static String taskManagerMetricsPort(int index) {
        return "taskmanager." + index + ".metrics-port";
    }
}
