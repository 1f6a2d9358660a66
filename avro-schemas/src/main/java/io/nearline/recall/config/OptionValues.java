package io.nearline.recall.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * The values of one group of documented options ({@link ConfigOption}s), read from string key/value pairs through
 * Flink's {@link Configuration}: the one way every module turns configuration text into typed values. Durations
 * take Flink's syntax ({@code 500 ms}, {@code 30s}, {@code 10 min}, {@code 24h}, {@code 7 d}; a bare number is
 * milliseconds); lists are comma-separated text. Every error names the key.
 */
public final class OptionValues {

    private final Configuration config;
    private final Map<String, String> given;

    private OptionValues(Configuration config, Map<String, String> given) {
        this.config = config;
        this.given = given;
    }

    /**
     * The pairs of {@code values} that belong to this group: the keys of {@code known} (or their deprecated keys),
     * and any key starting with one of {@code prefixes}, which must then be known (a typo would otherwise silently
     * keep a default). Other keys are ignored; values are trimmed ({@link #given} keeps them as written).
     *
     * @throws IllegalArgumentException for an unknown key under one of the prefixes
     */
    public static OptionValues of(Map<String, String> values, Collection<? extends ConfigOption<?>> known,
                                  String... prefixes) {
        Set<String> keys = keys(known);
        Map<String, String> taken = new LinkedHashMap<>();
        Map<String, String> trimmed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (keys.contains(key)) {
                taken.put(key, value == null ? "" : value);
                trimmed.put(key, value == null ? "" : value.trim());
            } else if (Arrays.stream(prefixes).anyMatch(key::startsWith)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; known: " + primaryKeys(known));
            }
        });
        return new OptionValues(Configuration.fromMap(trimmed), taken);
    }

    /** The value of {@code option}, its default when absent; a value that does not parse is refused naming the key. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return config.get(option);
        } catch (IllegalArgumentException e) {
            String value = given.get(option.key());
            throw new IllegalArgumentException(option.key() + "=" + (value == null ? "" : value.trim()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The comma-separated items of a text option, trimmed, empty items dropped. */
    public List<String> list(ConfigOption<String> option) {
        return list(get(option));
    }

    /** The comma-separated items of {@code text}, trimmed, empty items dropped. */
    public static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** The value as written, untrimmed, when it was given under its key; for text kept as written (a password). */
    public String given(ConfigOption<?> option) {
        return given.get(option.key());
    }

    /** Whether the pairs set {@code option}. */
    public boolean contains(ConfigOption<?> option) {
        return config.contains(option);
    }

    /** @throws IllegalArgumentException {@code key=value: reason} unless {@code ok} */
    public static void require(boolean ok, ConfigOption<?> option, Object value, String reason) {
        if (!ok) {
            throw new IllegalArgumentException(option.key() + "=" + value + ": " + reason);
        }
    }

    /** The default as a configuration file writes it: durations in Flink's syntax ({@code 24 h}), the rest as text. */
    public static String defaultText(ConfigOption<?> option) {
        Object value = option.defaultValue();
        return value instanceof Duration duration ? TimeUtils.formatWithHighestUnit(duration) : String.valueOf(value);
    }

    /** The description as plain text. */
    public static String description(ConfigOption<?> option) {
        return new HtmlFormatter().format(option.description());
    }

    /** The README table row start {@code | `key` | `default` |} that documents {@code option}. */
    public static String tableRow(ConfigOption<?> option) {
        return "| `" + option.key() + "` | `" + defaultText(option) + "` |";
    }

    /** Every key and its default text, in the given order. */
    public static Map<String, String> defaults(Collection<? extends ConfigOption<?>> options) {
        Map<String, String> defaults = new LinkedHashMap<>();
        options.forEach(option -> defaults.put(option.key(), defaultText(option)));
        return defaults;
    }

    private static Set<String> keys(Collection<? extends ConfigOption<?>> options) {
        Set<String> keys = new LinkedHashSet<>();
        for (ConfigOption<?> option : options) {
            keys.add(option.key());
            option.fallbackKeys().forEach(fallback -> keys.add(fallback.getKey()));
        }
        return keys;
    }

    private static List<String> primaryKeys(Collection<? extends ConfigOption<?>> options) {
        return options.stream().<String>map(ConfigOption::key).toList();
    }
}
