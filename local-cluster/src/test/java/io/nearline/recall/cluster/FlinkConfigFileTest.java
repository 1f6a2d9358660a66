package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkConfigFileTest {

    @Test
    void flinkReadsTheWrittenConfigurationWithThePortsChosenAndRocksDbOnLocalDisk(@TempDir Path dir) throws Exception {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterStatus status = ClusterStatus.read(layout.statusFile());
        status.put(ClusterStatus.JOBMANAGER_RPC_PORT, 6123);
        status.put(ClusterStatus.REST_PORT, 18081);
        FlinkConfigFile.write(ClusterOptions.defaults().withDir(dir), layout, status);

        Configuration read = GlobalConfiguration.loadConfiguration(layout.conf().toString());
        assertEquals("18081", read.toMap().get("rest.port"));
        assertEquals("6123", read.toMap().get("jobmanager.rpc.port"));
        assertEquals("rocksdb", read.toMap().get("state.backend.type"));
        assertEquals("true", read.toMap().get("state.backend.rocksdb.use-bloom-filter"));
        assertEquals(layout.checkpoints().toUri().toString(), read.toMap().get("execution.checkpointing.dir"));
        assertEquals(MemorySize.parse("1g"), MemorySize.parse(read.toMap().get("taskmanager.memory.process.size")));
        assertTrue(Files.readString(layout.conf().resolve("log4j.properties")).contains("rootLogger"));
    }
}
