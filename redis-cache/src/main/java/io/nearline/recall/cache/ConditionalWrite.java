package io.nearline.recall.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Lua script that replaces a user's recall only with a newer one, atomically, and its arguments.
 *
 * <p>Newer means a later event_time, or an equal event_time and a later generated_at; anything else (an
 * identical replay included) leaves the key and its TTL untouched. A stored hash whose times do not parse,
 * or a key of another type, counts as absent: the prefix belongs to this store.
 */
final class ConditionalWrite {
    // KEYS[1] = recall key; ARGV = event_time ms, generated_at ms, ttl ms, then field/value pairs.
    static final String SCRIPT = """
      local newEvent = tonumber(ARGV[1])
      local newGenerated = tonumber(ARGV[2])
      local kind = redis.call('TYPE', KEYS[1]).ok
      if kind == 'hash' then
        local stored = redis.call('HMGET', KEYS[1], 'event_time', 'generated_at')
        local oldEvent = tonumber(stored[1])
        local oldGenerated = tonumber(stored[2])
        if oldEvent and oldGenerated then
          if oldEvent > newEvent or (oldEvent == newEvent and oldGenerated >= newGenerated) then
            return 0
          end
        end
      end
      if kind ~= 'none' then
        redis.call('DEL', KEYS[1])
      end
      redis.call('HSET', KEYS[1], unpack(ARGV, 4))
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """;

    /** What EVALSHA names the script by; computed here so that no round trip is needed to learn it. */
    static final String SHA1 = sha1(SCRIPT);

    private ConditionalWrite() {}

    static List<String> args(Map<String, String> fields, long ttlMillis) {
        List<String> args = new ArrayList<>(3 + 2 * fields.size());
        args.add(fields.get(RecallKeys.EVENT_TIME_FIELD));
        args.add(fields.get(RecallKeys.GENERATED_AT_FIELD));
        args.add(Long.toString(ttlMillis));
        fields.forEach((f, v) -> {
            args.add(f);
            args.add(v);
        });
        return args;
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
