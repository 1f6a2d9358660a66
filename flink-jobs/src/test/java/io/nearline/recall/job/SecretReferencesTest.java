package io.nearline.recall.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {

    private static final Map<String, String> ENV = Map.of("REDIS_PASSWORD", "s3cr$t", "KAFKA_USERNAME", "recall");

    @Test
    void environmentReferences_areReplacedByTheirValues_andOtherValuesStayAsTheyAre() {
        Map<String, String> resolved = SecretReferences.resolve(Map.of(
                "redis.password", "${env:REDIS_PASSWORD}",
                "kafka.properties.sasl.jaas.config", "Login required username=\"${env:KAFKA_USERNAME}\";",
                "redis.host", "redis"), ENV::get);
        assertEquals("s3cr$t", resolved.get("redis.password"));
        assertEquals("Login required username=\"recall\";", resolved.get("kafka.properties.sasl.jaas.config"));
        assertEquals("redis", resolved.get("redis.host"));
    }

    @Test
    void aReferenceToAnUnsetVariable_isRefusedWithTheOptionAndTheVariable() {
        var error = assertThrows(IllegalArgumentException.class, () ->
                SecretReferences.resolve(Map.of("redis.password", "${env:MISSING}"), ENV::get));
        assertTrue(error.getMessage().contains("redis.password") && error.getMessage().contains("MISSING"));
    }
}
