package io.nearline.recall.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Lua script that replaces a user's recall only with a newer one, atomically, and its arguments.
 *
 * <p>Newer means a later event_time, or an equal event_time and a later generated_at; anything else (an
 * identical replay included) leaves the key and its TTL untouched. The value's fixed-width version header makes
 * that one comparison of text: the script reads only the stored header (GETRANGE) and never parses a number. A
 * format-1 hash of an older job is compared by its two fields, so an upgrade never goes back in time either; a
 * key of another type or format, or a hash whose times do not parse, counts as absent: the prefix belongs to this
 * store.
 */
final class ConditionalWrite {
    // KEYS[1] = recall key; ARGV[1] = the value, ARGV[2] = ttl ms. The header is 35 characters, '2' TAB first.
    static final String SCRIPT = """
      local new = ARGV[1]
      local head = redis.pcall('GETRANGE', KEYS[1], 0, 34)
      if type(head) == 'string' then
        if #head == 35 and string.sub(head, 1, 2) == '2\t' and head >= string.sub(new, 1, 35) then
          return 0
        end
      elseif redis.call('TYPE', KEYS[1]).ok == 'hash' then
        local stored = redis.call('HMGET', KEYS[1], 'event_time', 'generated_at')
        local oldEvent, oldGenerated = tonumber(stored[1]), tonumber(stored[2])
        local newEvent, newGenerated = tonumber(string.sub(new, 3, 18)), tonumber(string.sub(new, 20, 35))
        if oldEvent and oldGenerated
            and (oldEvent > newEvent or (oldEvent == newEvent and oldGenerated >= newGenerated)) then
          return 0
        end
      end
      redis.call('SET', KEYS[1], new, 'PX', ARGV[2])
      return 1
      """;

    /** What EVALSHA names the script by; computed here so that no round trip is needed to learn it. */
    static final String SHA1 = sha1(SCRIPT);

    private ConditionalWrite() {}

    static List<String> args(String value, long ttlMillis) {
        return List.of(value, Long.toString(ttlMillis));
    }

    /** Maps the script's reply to an outcome. */
    static WriteOutcome outcome(Object reply) {
        if (reply instanceof Long n && (n == 0L || n == 1L)) {
            return n == 1L ? WriteOutcome.WRITTEN : WriteOutcome.KEPT_NEWER;
        }
        throw new IllegalStateException("unexpected reply from the recall write script: " + reply);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }
}
