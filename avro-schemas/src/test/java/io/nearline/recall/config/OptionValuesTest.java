package io.nearline.recall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;

class OptionValuesTest {

    private static final ConfigOption<Duration> TTL = ConfigOptions.key("store.ttl").durationType()
            .defaultValue(Duration.ofHours(24)).withDeprecatedKeys("store.ttl-ms").withDescription("Expiry.");
    private static final ConfigOption<Integer> PORT = ConfigOptions.key("store.port").intType().defaultValue(6379)
            .withDescription("Port.");
    private static final ConfigOption<String> KEYS = ConfigOptions.key("store.keys").stringType().defaultValue("a, b")
            .withDescription("Keys.");
    private static final List<ConfigOption<?>> ALL = List.of(TTL, PORT, KEYS);

    @Test
    void durationsTakeFlinksSyntaxAndABareNumberIsMilliseconds() {
        assertEquals(Duration.ofMinutes(30), OptionValues.of(Map.of("store.ttl", "30 min"), ALL).get(TTL));
        assertEquals(Duration.ofHours(24), OptionValues.of(Map.of("store.ttl", "24h"), ALL).get(TTL));
        assertEquals(Duration.ofMillis(1500), OptionValues.of(Map.of("store.ttl-ms", "1500"), ALL).get(TTL));
        assertEquals("1 d", OptionValues.defaultText(TTL));
    }

    @Test
    void absentKeysKeepTheirDefaultAndKeysOfOtherGroupsAreIgnored() {
        OptionValues values = OptionValues.of(Map.of("other.key", "x"), ALL, "store.");
        assertEquals(6379, values.get(PORT));
        assertEquals(List.of("a", "b"), values.list(KEYS));
    }

    @Test
    void anUnknownKeyUnderThePrefixOrABadValueIsRefusedNamingTheKey() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> OptionValues.of(Map.of("store.prot", "1"), ALL, "store."));
        assertTrue(unknown.getMessage().contains("unknown option 'store.prot'"), unknown.getMessage());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> OptionValues.of(Map.of("store.port", "many"), ALL).get(PORT));
        assertTrue(bad.getMessage().startsWith("store.port=many: "), bad.getMessage());
    }

    @Test
    void theTableRowShowsKeyAndDefault() {
        assertEquals("| `store.port` | `6379` |", OptionValues.tableRow(PORT));
        assertEquals("Port.", OptionValues.description(PORT));
    }
}
