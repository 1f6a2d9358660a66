package io.nearline.recall.bench;

import org.apache.flink.configuration.Configuration;

/** The state backend settings every bench cluster shares with the deployed job's (Helm, compose, bin/cluster). */
final class BenchCluster {

    /** Flink's key: Bloom filters in RocksDB's SST files. */
    static final String BLOOM_FILTER = "state.backend.rocksdb.use-bloom-filter";

    private BenchCluster() {}

    /** RocksDB as the job is deployed with it, less what {@code --rocksdb-bloom-filter=false} leaves out. */
    static void rocksDb(Configuration cluster, Configuration benchOptions) {
        cluster.setString(BLOOM_FILTER, Boolean.toString(benchOptions.get(BenchOptions.ROCKSDB_BLOOM_FILTER)));
    }
}
