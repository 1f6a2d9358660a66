package io.nearline.recall.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** String keys and the builder setters they call, so every options class parses and errs alike. */
final class OptionTable<B> {

    private final Map<String, BiConsumer<B, String>> setters = new LinkedHashMap<>();

    OptionTable<B> add(String key, BiConsumer<B, String> setter) {
        setters.put(key, setter);
        return this;
    }

    Set<String> keys() {
        return Collections.unmodifiableSet(setters.keySet());
    }

    /** Applies {@code key}; an unknown key or a value the setter rejects is an error naming the key. */
    void apply(B builder, String key, String value) {
        BiConsumer<B, String> setter = setters.get(key);
        if (setter == null) {
            throw new IllegalArgumentException("unknown option " + key);
        }
        try {
            setter.accept(builder, value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + ": " + e.getMessage(), e);
        }
    }

    static boolean parseBoolean(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    static long parseMillis(String value) {
        long millis = Long.parseLong(value);
        if (millis < 0) {
            throw new IllegalArgumentException("expected a non-negative number of milliseconds");
        }
        return millis;
    }
}
