package io.nearline.recall.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The local cluster's Flink configuration, as a Flink download's conf/ would hold it: {@code config.yaml} (loopback
 * addresses and the ports chosen, slots, RocksDB with checkpoints and savepoints on local disk, a heartbeat short
 * enough to notice a killed TaskManager, restarts without end) and the log4j settings of every Flink process.
 */
public final class FlinkConfigFile {

    private FlinkConfigFile() {}

    /** The settings, in the order written. */
    public static Map<String, String> settings(ClusterOptions options, ClusterLayout layout, ClusterStatus status) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jobmanager.rpc.address", "127.0.0.1");
        settings.put("jobmanager.bind-host", "127.0.0.1");
        settings.put("jobmanager.rpc.port", status.get(ClusterStatus.JOBMANAGER_RPC_PORT));
        settings.put("jobmanager.memory.process.size", options.jobManagerMemory().toString());
        settings.put("rest.address", "127.0.0.1");
        settings.put("rest.bind-address", "127.0.0.1");
        settings.put("rest.port", status.get(ClusterStatus.REST_PORT));
        settings.put("taskmanager.host", "127.0.0.1");
        settings.put("taskmanager.bind-host", "127.0.0.1");
        settings.put("taskmanager.numberOfTaskSlots", Integer.toString(options.slots()));
        settings.put("taskmanager.memory.process.size", options.taskManagerMemory().toString());
        settings.put("parallelism.default", Integer.toString(options.parallelism()));
        settings.put("state.backend.type", "rocksdb");
        // a user RocksDB does not hold is answered from the filters, without reading data blocks
        settings.put("state.backend.rocksdb.use-bloom-filter", "true");
        settings.put("execution.checkpointing.dir", layout.checkpoints().toUri().toString());
        settings.put("execution.checkpointing.savepoint-dir", layout.savepoints().toUri().toString());
        settings.put("execution.checkpointing.num-retained", "3");
        settings.put("heartbeat.interval", Long.toString(Math.max(500, options.heartbeatTimeout().toMillis() / 5)));
        settings.put("heartbeat.timeout", Long.toString(options.heartbeatTimeout().toMillis()));
        settings.put("restart-strategy.type", "fixed-delay");
        settings.put("restart-strategy.fixed-delay.attempts", Integer.toString(Integer.MAX_VALUE));
        settings.put("restart-strategy.fixed-delay.delay", "2 s");
        // tasks spread over both TaskManagers, so killing one fails part of the job, not all of it
        settings.put("taskmanager.load-balance.mode", "SLOTS");
        settings.put("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        return settings;
    }

    /** Writes conf/config.yaml and conf/log4j.properties; returns the settings as a Configuration. */
    public static Configuration write(ClusterOptions options, ClusterLayout layout, ClusterStatus status)
            throws IOException {
        Map<String, String> settings = settings(options, layout, status);
        StringBuilder yaml = new StringBuilder("# written by bin/cluster up; rewritten at every up\n");
        settings.forEach((key, value) -> yaml.append(key).append(": ").append(quoted(value)).append('\n'));
        Files.createDirectories(layout.conf());
        Files.writeString(layout.conf().resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
        try (var log4j = FlinkConfigFile.class.getResourceAsStream("/cluster-log4j.properties")) {
            Files.write(layout.conf().resolve("log4j.properties"), log4j.readAllBytes());
        }
        return Configuration.fromMap(settings);
    }

    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9._:/@-]+") ? value : "'" + value.replace("'", "''") + "'";
    }
}
