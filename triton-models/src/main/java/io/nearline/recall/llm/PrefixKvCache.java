package io.nearline.recall.llm;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attention KV of users' recent prompt prefixes (the prompt's frozen block), least recently used first out, bounded
 * by bytes, keyed by model version and a hash of the prefix tokens; the tokens are kept and compared on a hit, so a
 * hash collision is a miss, never a wrong cache. Thread-safe.
 */
public final class PrefixKvCache {

    /** Counters of the cache since it was made; prefill tokens are counted by the model using it. */
    public record Stats(long hits, long misses, long entries, long bytes, long evictions) {}

    private record Key(String modelVersion, long hash, int length) {}

    private record Entry(int[] tokens, PromptKv kv) {}

    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    public PrefixKvCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache bound must be >= 0 bytes, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A copy of the cached KV of {@code tokens[0, length)} with room for {@code capacity} tokens, or null. */
    public synchronized PromptKv copyOf(String modelVersion, int[] tokens, int length, int capacity) {
        Entry entry = entries.get(new Key(modelVersion, hash(tokens, length), length));
        if (entry == null || !Arrays.equals(entry.tokens, 0, length, tokens, 0, length)) {
            misses++;
            return null;
        }
        hits++;
        return entry.kv.copy(capacity);
    }

    /** Keeps a copy of {@code kv}, which holds exactly {@code tokens[0, length)}; evicts the least recent to fit. */
    public synchronized void put(String modelVersion, int[] tokens, int length, PromptKv kv) {
        if (kv.length() != length) {
            throw new IllegalArgumentException("KV holds " + kv.length() + " tokens, not the prefix's " + length);
        }
        PromptKv copy = kv.copy(length);
        long size = copy.bytes() + 4L * length;
        if (size > maxBytes) {
            return;
        }
        Entry previous = entries.put(new Key(modelVersion, hash(tokens, length), length),
                new Entry(Arrays.copyOf(tokens, length), copy));
        if (previous != null) {
            bytes -= previous.kv.bytes() + 4L * previous.tokens.length;
        }
        bytes += size;
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            Entry oldest = it.next().getValue();
            it.remove();
            bytes -= oldest.kv.bytes() + 4L * oldest.tokens.length;
            evictions++;
        }
    }

    public synchronized Stats stats() {
        return new Stats(hits, misses, entries.size(), bytes, evictions);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** FNV-1a over the token ids, then a SplitMix64 finaliser to spread the bits. */
    static long hash(int[] tokens, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            h = (h ^ tokens[i]) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
