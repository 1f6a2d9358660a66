package io.nearline.recall.tiering;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a trigger-rules file: {@code builtin:NAME} from the rules shipped with user-tiering, otherwise a path. */
public final class RulesText {

    private static final String BUILTIN = "builtin:";

    private RulesText() {}

    public static String load(String location) {
        try {
            if (location.startsWith(BUILTIN)) {
                String resource = "/rules/" + location.substring(BUILTIN.length());
                try (InputStream in = RulesText.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no built-in rules named " + location);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules " + location, e);
        }
    }
}
