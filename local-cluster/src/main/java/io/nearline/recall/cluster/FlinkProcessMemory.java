package io.nearline.recall.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The JVM flags and the dynamic properties a Flink process is started with, derived from its process size by the
 * same Flink classes that Flink's scripts call (through BashJavaUtils): heap, direct and metaspace limits for the
 * JVM, and every fine-grained memory option for the process, so that TaskManagerRunner and the JobManager's
 * entrypoint start without the scripts.
 */
public record FlinkProcessMemory(List<String> jvmArguments, List<String> dynamicProperties) {

    /** A TaskManager's, from {@code taskmanager.memory.process.size} (and any finer option) in {@code config}. */
    public static FlinkProcessMemory taskManager(Configuration config) {
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
        return new FlinkProcessMemory(words(ProcessMemoryUtils.generateJvmParametersStr(spec)),
                words(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    }

    /** The JobManager's, from {@code jobmanager.memory.process.size} in {@code config}. */
    public static FlinkProcessMemory jobManager(Configuration config) {
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(config);
        return new FlinkProcessMemory(words(JobManagerProcessUtils.generateJvmParametersStr(spec, config)),
                words(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    }

    private static List<String> words(String flags) {
        List<String> words = new ArrayList<>();
        Arrays.stream(flags.trim().split("\\s+")).filter(word -> !word.isEmpty()).forEach(words::add);
        return words;
    }
}
