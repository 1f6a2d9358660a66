package io.nearline.recall.inspector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The inspector's access token, when one is set: a request must carry it as {@code Authorization: Bearer TOKEN}
 * or as the password of basic auth (any user name), which a browser asks for. Compared in constant time.
 */
final class AccessToken {

    private final byte[] expected;

    AccessToken(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean required() {
        return expected.length > 0;
    }

    /** Whether an {@code Authorization} header value carries the token. */
    boolean accepts(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String given = null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).strip();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                given = colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    /** The token from the file when one is named, else from the environment variable; empty for none. */
    static String read(String file, String variable, Map<String, String> environment) {
        if (!file.isEmpty()) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
                String token = lines.isEmpty() ? "" : lines.get(0).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException(InspectorOptions.TOKEN_FILE.key() + "=" + file
                            + ": the file's first line is empty");
                }
                return token;
            } catch (IOException e) {
                throw new IllegalArgumentException(InspectorOptions.TOKEN_FILE.key() + "=" + file + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")", new UncheckedIOException(e));
            }
        }
        String value = variable.isEmpty() ? null : environment.get(variable);
        return value == null ? "" : value.strip();
    }
}
