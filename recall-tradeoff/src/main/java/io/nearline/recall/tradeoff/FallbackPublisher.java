package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.cache.FallbackRecalls;
import io.nearline.recall.cache.RecallKeys;
import io.nearline.recall.cache.RecallWriter;
import io.nearline.recall.cache.WriteOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the popularity fallback of every segment where the ad server's reader finds it
 * ({@link FallbackRecalls}), with the recall store's conditional write: a fallback computed from an older
 * history never replaces a newer one. Scores fall with rank, so the stored order is the popularity order.
 */
public final class FallbackPublisher {

    /** The model version a fallback is stored with: it came from counting, not from the model. */
    public static final String MODEL_VERSION = "popularity-fallback";

    private FallbackPublisher() {
    }

    /**
     * Writes {@code segments}' lists (plus every segment with counts of its own) as of {@code historyEnd}; returns
     * the outcome per segment, in name order.
     */
    public static List<WriteOutcome> publish(PopularityFallback fallback, Set<String> segments, Instant historyEnd,
                                             RecallWriter writer) {
        Set<String> all = new TreeSet<>(segments);
        all.addAll(fallback.segments());
        List<RecallResult> results = new ArrayList<>();
        for (String segment : all) {
            List<String> objects = fallback.forSegment(segment);
            List<RecalledObject> recalled = new ArrayList<>(objects.size());
            for (int rank = 0; rank < objects.size(); rank++) {
                recalled.add(new RecalledObject(objects.get(rank), "", (double) (objects.size() - rank)));
            }
            results.add(new RecallResult(FallbackRecalls.idOf(segment), recalled, MODEL_VERSION, "", "",
                    Instant.now(), historyEnd, null, RecallKeys.DEFAULT_ARM)); // one fallback for every arm
        }
        return writer.writeAll(results);
    }
}
