package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job refuses to start when a topic it writes is missing, on a real broker, and names the option. */
class SinkTopicsTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
        kafka.createTopics(1, List.of("dead-letters-here"), List.of());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static Configuration config(String traceTopic) {
        return Configuration.fromMap(Map.of(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                JobOptions.DEAD_LETTER_TOPIC.key(), "dead-letters-here", JobOptions.TRACE_TOPIC.key(), traceTopic));
    }

    @Test
    void missingTraceTopic_refusedNamingTheTopicAndItsOption() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SinkTopics.requireExisting(config("no-such-traces"), Duration.ofSeconds(20)));
        assertTrue(refused.getMessage().contains("no-such-traces (topics.traces)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("dead-letters-here"), "the existing topic is not named");
    }

    @Test
    void missingDeadLetterTopic_refused() {
        Configuration config = config("");
        config.set(JobOptions.DEAD_LETTER_TOPIC, "no-such-dead-letters");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SinkTopics.requireExisting(config, Duration.ofSeconds(20)));
        assertTrue(refused.getMessage().contains("no-such-dead-letters (" + JobOptions.DEAD_LETTER_TOPIC.key() + ")"),
                refused.getMessage());
    }

    @Test
    void noTraceTopic_onlyTheDeadLettersAreNeeded() {
        assertDoesNotThrow(() -> SinkTopics.requireExisting(config(""), Duration.ofSeconds(20)));
    }

    @Test
    void unreachableCluster_failsTheStartWithinItsTimeout() {
        Configuration config = config("");
        config.set(JobOptions.KAFKA_BOOTSTRAP, "127.0.0.1:1");
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> SinkTopics.requireExisting(config, Duration.ofSeconds(2)));
        assertTrue(failed.getMessage().contains("not reachable"), failed.getMessage());
    }
}
