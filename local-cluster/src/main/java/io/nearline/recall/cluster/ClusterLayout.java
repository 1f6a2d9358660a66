package io.nearline.recall.cluster;

import java.nio.file.Path;

/** Where the local cluster keeps what it runs on and leaves behind, under its state folder. */
public record ClusterLayout(Path dir) {

    /** Flink's config.yaml and log4j.properties (FLINK_CONF_DIR of every Flink process and of the client). */
    public Path conf() {
        return dir.resolve("conf");
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path log(String process) {
        return logs().resolve(process + ".log");
    }

    public Path pids() {
        return dir.resolve("pids");
    }

    public Path pid(String process) {
        return pids().resolve(process + ".pid");
    }

    /** The broker's log directory: it survives a broker restart, and {@code down}. */
    public Path kafkaData() {
        return dir.resolve("kafka");
    }

    public Path redisData() {
        return dir.resolve("redis");
    }

    /** Checkpoints (RocksDB, incremental off) on local disk. */
    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path savepoints() {
        return dir.resolve("savepoints");
    }

    /** The semantic IDs and the count model file ClusterInit writes. */
    public Path recallModel() {
        return dir.resolve("recall-model");
    }

    /** Every behaviour the broker acknowledged to the producer, one line each. */
    public Path acknowledged() {
        return dir.resolve("acknowledged-behaviours.tsv");
    }

    /** Ports, the log's end time and the job id: {@link ClusterStatus}. */
    public Path statusFile() {
        return dir.resolve("cluster.properties");
    }
}
