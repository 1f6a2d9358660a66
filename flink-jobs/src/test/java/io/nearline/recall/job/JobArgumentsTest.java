package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobArgumentsTest {

    @Test
    void everyOptionIsKeyValueAsFlinkRunPassesThem() {
        JobArguments arguments = new JobArguments();
        JobArguments.commandLine(arguments).parseArgs("--kafka.bootstrap-servers", "kafka:9092", "--redis.host",
                "redis", "--kafka.properties.security.protocol", "SASL_SSL", "--triton.deadline", "250 ms");
        assertEquals(Map.of("kafka.bootstrap-servers", "kafka:9092", "redis.host", "redis",
                "kafka.properties.security.protocol", "SASL_SSL", "triton.deadline", "250 ms"), arguments.settings());
    }

    @Test
    void helpListsEveryDocumentedOptionWithItsDefault() {
        JobArguments arguments = new JobArguments();
        CommandLine line = JobArguments.commandLine(arguments);
        line.parseArgs("--help");
        assertTrue(line.isUsageHelpRequested());
        String usage = line.getUsageMessage();
        assertTrue(usage.contains("--kafka.bootstrap-servers localhost:9092"), usage);
        assertTrue(usage.contains("--redis.ttl 1 d"), usage);
        assertTrue(usage.contains("--triton.deadline 250 ms"), usage);
        assertTrue(usage.contains("--prompt.budget.max-tokens 512"), usage);
        assertTrue(usage.contains("${env:NAME}"), usage);
    }
}
