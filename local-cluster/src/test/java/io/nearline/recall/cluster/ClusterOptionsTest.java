package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.config.OptionValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

    @Test
    void theReadmeTableListsEveryOptionWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigOption<?> option : ClusterOptions.ALL) {
            assertTrue(readme.contains(OptionValues.tableRow(option)), "README row for " + option.key());
        }
    }

    @Test
    void theStateFolderIsUnderTheProjectFolderByDefault() {
        ClusterOptions options = ClusterOptions.fromMap(Map.of("cluster.project-dir", "/tmp/project"));
        assertEquals(Path.of("/tmp/project/target/cluster"), options.dir());
        assertEquals(2, options.taskManagers());
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedByName() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> ClusterOptions.fromMap(Map.of("cluster.task-managers", "2")));
        assertTrue(unknown.getMessage().contains("cluster.task-managers"), unknown.getMessage());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> ClusterOptions.fromMap(Map.of("cluster.taskmanager-memory", "lots")));
        assertTrue(bad.getMessage().contains("cluster.taskmanager-memory"), bad.getMessage());
    }

    @Test
    void aParallelismTheSlotsCannotHoldIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> ClusterOptions.fromMap(Map.of(
                "cluster.taskmanagers", "1", "cluster.slots", "2", "cluster.parallelism", "3")));
        assertTrue(refused.getMessage().contains("parallelism 3"), refused.getMessage());
    }
}
