package io.nearline.recall.job.quality;

import io.nearline.recall.cache.FallbackRecalls;
import io.nearline.recall.cache.RecallLookup;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.StoredObject;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback recall of each segment as the ad server's reader finds it in Redis ({@link FallbackRecalls}),
 * re-read at most once per {@link #REFRESH_MS}, so the scorer measures what would be served without a read per
 * target. A Redis failure leaves the lists read before (or none), never fails the scorer: measurement must not
 * stop the job.
 */
final class FallbackLists implements Serializable {

    private static final long serialVersionUID = 1L;
    static final long REFRESH_MS = 60_000;

    private final RecallStoreOptions options;
    private transient RecallReader reader;
    private transient Map<String, List<String>> lists;
    private transient Map<String, Long> readAt;

    FallbackLists(RecallStoreOptions options) {
        this.options = options;
    }

    /** The segment's fallback objects, best first; empty when none is stored or Redis cannot be read. */
    List<String> of(String segment, long nowMillis) {
        if (lists == null) {
            lists = new HashMap<>();
            readAt = new HashMap<>();
        }
        Long last = readAt.get(segment);
        if (last == null || nowMillis - last >= REFRESH_MS) {
            readAt.put(segment, nowMillis);
            try {
                if (reader == null) {
                    reader = new RecallReader(options);
                }
                RecallLookup lookup = reader.read(FallbackRecalls.idOf(segment));
                lists.put(segment, lookup.objects().stream().map(StoredObject::objectId).toList());
            } catch (RuntimeException e) {
                lists.putIfAbsent(segment, List.of());
            }
        }
        return lists.getOrDefault(segment, List.of());
    }

    void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
