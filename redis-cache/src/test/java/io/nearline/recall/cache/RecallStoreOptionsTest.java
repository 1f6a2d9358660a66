package io.nearline.recall.cache;

import io.nearline.recall.config.OptionValues;
import org.apache.flink.configuration.ConfigOption;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecallStoreOptionsTest {

    @Test
    void theDocumentedDefaults_areTheDefaults() {
        Map<String, String> documented = new HashMap<>();
        documented.putAll(OptionValues.defaults(RedisOptions.ALL));

        assertEquals(RecallStoreOptions.defaults(), RecallStoreOptions.fromMap(documented));
        assertEquals("recall:", RecallStoreOptions.defaults().keyPrefix());
        assertEquals(Duration.ofHours(24), RecallStoreOptions.defaults().ttl());
    }

    @Test
    void fromMap_readsEveryRedisKey_inShortOrIsoDurations_andIgnoresOtherKeys() {
        RecallStoreOptions o = RecallStoreOptions.fromMap(Map.ofEntries(
                Map.entry("redis.host", "cache.internal"), Map.entry("redis.port", "6380"),
                Map.entry("redis.user", "job"), Map.entry("redis.password", " s3cret "),
                Map.entry("redis.database", "2"), Map.entry("redis.key-prefix", "nl:recall:"),
                Map.entry("redis.ttl", "PT36H"), Map.entry("redis.max-age", "90min"),
                Map.entry("redis.pool.max-total", "4"), Map.entry("redis.pool.max-wait", "250ms"),
                Map.entry("redis.connect-timeout", "3s"), Map.entry("redis.socket-timeout", "80ms"),
                Map.entry("redis.write.max-pipeline", "64"), Map.entry("kafka.bootstrap", "ignored:9092")));

        assertEquals(new RecallStoreOptions("cache.internal", 6380, "job", " s3cret ", 2, RedisTls.plaintext(), "nl:recall:",
                Duration.ofHours(36), Duration.ofMinutes(90), 4, Duration.ofMillis(250), Duration.ofSeconds(3),
                Duration.ofMillis(80), 64), o);
    }

    @Test
    void anUnknownRedisKey_isAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecallStoreOptions.fromMap(Map.of("redis.tll", "1h")));
        assertTrue(e.getMessage().startsWith("unknown option 'redis.tll'"), e.getMessage());
    }

    @Test
    void badValues_areErrorsNamingTheKeyAndValue() {
        assertTrue(message("redis.port", "abc").startsWith("redis.port=abc: "), message("redis.port", "abc"));
        assertEquals("redis.port=0: must be a port number 1..65535", message("redis.port", "0"));
        assertTrue(message("redis.ttl", "forever").startsWith("redis.ttl=forever: "));
        assertEquals("redis.max-age=PT0S: must be positive", message("redis.max-age", "0s"));
        assertEquals("redis.host=: must not be empty", message("redis.host", " "));
    }

    @Test
    void theConnection_isTheSameSettingForEveryRedisUser() {
        RedisConnection connection = RedisConnection.fromMap(Map.of("redis.host", "cache", "redis.port", "7000",
                "redis.password", "pw", "redis.ttl", "1h"));
        assertEquals(new RedisConnection("cache", 7000, "", "pw", 0), connection);
        assertEquals(connection, RecallStoreOptions.fromMap(Map.of("redis.host", "cache", "redis.port", "7000",
                "redis.password", "pw")).connection());
        assertFalse(connection.toString().contains("pw"), connection.toString());
    }

    @Test
    void toString_neverShowsThePassword() {
        String text = RecallStoreOptions.builder().password("hunter2").build().toString();

        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("password=<set>"), text);
    }

    @Test
    void options_surviveJavaSerialization_asAFlinkSinkCarriesThem() throws Exception {
        RecallStoreOptions o = RecallStoreOptions.builder().host("h").ttl(Duration.ofMinutes(5)).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(o, in.readObject());
        }
    }

    @Test
    void theReadmeTable_listsEveryOptionWithItsDefault() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        for (ConfigOption<?> o : RedisOptions.ALL) {
            String text = OptionValues.defaultText(o);
            String cell = text.isEmpty() ? "(empty)" : "`" + text + "`";
            String row = "| `" + o.key() + "` | " + cell + " |";
            assertTrue(readme.stream().anyMatch(l -> l.startsWith(row)), "README lacks the row " + row);
        }
    }

    private static String message(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> RecallStoreOptions.fromMap(Map.of(key, value)))
                .getMessage();
    }
}
