package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InferenceClientOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        InferenceClientOptions options = InferenceClientOptions.fromMap(Map.of());
        assertEquals("localhost:8001", options.target());
        assertEquals("ensemble", options.modelName());
        assertEquals(100, options.beamWidth());
        assertEquals(Duration.ofMillis(250), options.deadline());
        assertEquals(TensorDatatype.INT32, options.integerDatatype());
    }

    @Test
    void keysOverrideDefaultsAndOtherPrefixesAreIgnored() {
        InferenceClientOptions options = InferenceClientOptions.fromMap(Map.of(
                "triton.target", "triton:9001", "triton.beam-width", "300", "triton.returned-sequences", "300",
                "triton.deadline-ms", "80", "triton.integer-datatype", "UINT32", "redis.host", "x"));
        assertEquals("triton:9001", options.target());
        assertEquals(300, options.newRequest("r", "u", "p").beamWidth());
        assertEquals(Duration.ofMillis(80), options.deadline());
        assertEquals(TensorDatatype.UINT32, options.integerDatatype());
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.beam-widht", "3")));
        assertTrue(unknown.getMessage().contains("triton.beam-widht"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.max-attempts", "many")));
        assertTrue(bad.getMessage().contains("triton.max-attempts"));
    }

    @Test
    void returnedSequencesAboveTheBeamWidthAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.builder().beamWidth(5).returnedSequences(6).build());
    }

    @Test
    void fleetAndTlsKeysAreReadIntoTheirNestedOptions() {
        InferenceClientOptions options = InferenceClientOptions.fromMap(Map.of(
                "triton.fleet.targets", "a:8001, b:8001,[::1]:8002", "triton.fleet.balancer", "global-counter",
                "redis.port", "7000", "triton.fleet.retry-budget-ratio", "0.25",
                "triton.fleet.health-interval-ms", "100", "triton.tls.enabled", "true", "triton.tls.authority", "triton"));
        assertEquals(List.of("a:8001", "b:8001", "[::1]:8002"), options.fleet().targets());
        assertEquals(FleetOptions.Balancing.GLOBAL_COUNTER, options.fleet().balancing());
        assertEquals(7000, options.fleet().redis().port());
        assertEquals(0.25, options.fleet().retryBudgetRatio());
        assertEquals(Duration.ofMillis(100), options.fleet().healthInterval());
        assertTrue(options.tls().enabled());
        assertEquals("triton", options.tls().authority());
    }

    @Test
    void fleetDefaultsAreTheDocumentedOnes() {
        FleetOptions fleet = InferenceClientOptions.fromMap(Map.of()).fleet();
        assertEquals(List.of(), fleet.targets());
        assertEquals(FleetOptions.Balancing.LEAST_OUTSTANDING, fleet.balancing());
        assertEquals(1, fleet.counterBlock());
        assertEquals(3, fleet.ejectAfterFailures());
        assertEquals(2, fleet.readmitAfterSuccesses());
        assertEquals(0.1, fleet.retryBudgetRatio());
        assertFalse(InferenceClientOptions.fromMap(Map.of()).tls().enabled());
    }

    @Test
    void contradictoryOrMalformedFleetSettingsAreRejectedNamingTheProblem() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> InferenceClientOptions
                .fromMap(Map.of("triton.fleet.targets", "a:1", "triton.fleet.dns-name", "b:1")));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.fleet.targets", "a:1,b")));
        assertTrue(noPort.getMessage().contains("'b'"), noPort.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.fleet.balancer", "random")));
        assertTrue(mode.getMessage().contains("triton.fleet.balancer"), mode.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.fleet.targetz", "a:1")));
        assertTrue(unknown.getMessage().contains("triton.fleet.targetz"), unknown.getMessage());
        IllegalArgumentException tlsOff = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.tls.trust-cert-file", "/ca.pem")));
        assertTrue(tlsOff.getMessage().contains("triton.tls.enabled"), tlsOff.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InferenceClientOptions.fromMap(
                Map.of("triton.tls.enabled", "true", "triton.tls.cert-chain-file", "/client.pem")));
    }

    @Test
    void durationsTakeFlinksSyntaxAndTheOldMillisecondKeysStillRead() {
        assertEquals(Duration.ofMillis(80), InferenceClientOptions.fromMap(Map.of("triton.deadline", "80 ms")).deadline());
        assertEquals(Duration.ofSeconds(2), InferenceClientOptions.fromMap(Map.of("triton.deadline", "2s")).deadline());
        assertEquals(Duration.ofMillis(80), InferenceClientOptions.fromMap(Map.of("triton.deadline-ms", "80")).deadline());
        assertEquals(Duration.ofMillis(300), InferenceClientOptions.fromMap(
                Map.of("triton.fleet.breaker-open", "300ms")).fleet().breakerOpen());
    }

    @Test
    void theGlobalCounterUsesTheOneRedisConnectionAndTheOldFleetRedisKeysAreRefused() {
        FleetOptions fleet = InferenceClientOptions.fromMap(Map.of("redis.host", "cache", "redis.port", "7000",
                "redis.password", "pw", "redis.ttl", "1h")).fleet();
        assertEquals(new io.nearline.recall.cache.RedisConnection("cache", 7000, "", "pw", 0), fleet.redis());
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> InferenceClientOptions.fromMap(Map.of("triton.fleet.redis-host", "cache")));
        assertTrue(old.getMessage().contains("triton.fleet.redis-host"), old.getMessage());
    }

    @Test
    void theReadmeTableShowsEveryDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (org.apache.flink.configuration.ConfigOption<?> option : TritonOptions.ALL) {
            String text = io.nearline.recall.config.OptionValues.defaultText(option);
            String row = "| `" + option.key() + "` | " + (text.isEmpty() ? "(empty)" : "`" + text + "`") + " |";
            assertTrue(readme.contains(row), "README lacks the row starting " + row);
        }
    }

    @Test
    void theReadmeTableListsExactlyTheKeysTheOptionsRead() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> documented = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(triton\\.[a-z.-]+)` \\|").matcher(readme);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(InferenceClientOptions.keys(), documented);
    }
}
