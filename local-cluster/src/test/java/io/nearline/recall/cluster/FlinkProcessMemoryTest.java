package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;

class FlinkProcessMemoryTest {

    @Test
    void aTaskManagersProcessSizeIsSplitIntoEveryMemoryOptionAndTheJvmLimits() {
        FlinkProcessMemory memory = FlinkProcessMemory.taskManager(Configuration.fromMap(
                Map.of("taskmanager.memory.process.size", "1g")));
        Map<String, MemorySize> sizes = properties(memory.dynamicProperties());
        long flink = sizes.get("taskmanager.memory.framework.heap.size").getBytes()
                + sizes.get("taskmanager.memory.task.heap.size").getBytes()
                + sizes.get("taskmanager.memory.framework.off-heap.size").getBytes()
                + sizes.get("taskmanager.memory.task.off-heap.size").getBytes()
                + sizes.get("taskmanager.memory.network.min").getBytes()
                + sizes.get("taskmanager.memory.managed.size").getBytes();
        long heap = sizes.get("taskmanager.memory.framework.heap.size").getBytes()
                + sizes.get("taskmanager.memory.task.heap.size").getBytes();
        assertTrue(flink < MemorySize.parse("1g").getBytes(), "Flink's memory leaves room for metaspace and overhead");
        assertTrue(sizes.get("taskmanager.memory.managed.size").getBytes() > 0, "RocksDB gets managed memory");
        assertTrue(memory.jvmArguments().contains("-Xmx" + heap), memory.jvmArguments() + " caps the heap at " + heap);
        assertTrue(memory.jvmArguments().stream().anyMatch(flag -> flag.startsWith("-XX:MaxDirectMemorySize=")));
    }

    @Test
    void theJobManagersHeapComesFromItsProcessSize() {
        FlinkProcessMemory memory = FlinkProcessMemory.jobManager(Configuration.fromMap(
                Map.of("jobmanager.memory.process.size", "768m")));
        long heap = properties(memory.dynamicProperties()).get("jobmanager.memory.heap.size").getBytes();
        assertTrue(heap > 0 && heap < MemorySize.parse("768m").getBytes());
        assertTrue(memory.jvmArguments().contains("-Xmx" + heap), memory.jvmArguments().toString());
    }

    /** The values of {@code -D key=value} pairs that are memory sizes. */
    private static Map<String, MemorySize> properties(List<String> dynamic) {
        Map<String, MemorySize> sizes = new HashMap<>();
        for (int i = 0; i + 1 < dynamic.size(); i += 2) {
            assertEquals("-D", dynamic.get(i));
            String[] pair = dynamic.get(i + 1).split("=", 2);
            try {
                sizes.put(pair[0], MemorySize.parse(pair[1]));
            } catch (IllegalArgumentException e) {
                // not a size (a CPU count, a fraction)
            }
        }
        return sizes;
    }
}
