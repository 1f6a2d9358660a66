package io.nearline.recall.inspector;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.TraceStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures over a set of traces: calls per tier over time, latency percentiles per stage, failures by cause, and
 * live HR@K of the recalls whose next ad click a later trace shows. Every count is of traced requests.
 */
record Aggregates(int traces, long bucketStart, long bucketMillis, Map<String, long[]> callsPerTier,
                  Map<String, long[]> stageMillis, Map<String, Long> failures, int recalls, int scored, int hitsAt5,
                  int hitsAt10, int hitsAtAll) {

    /** Time buckets the calls chart has at most. */
    static final int BUCKETS = 24;
    /** The narrowest time bucket: a demo replays hours of behaviour in seconds. */
    static final long MIN_BUCKET_MILLIS = 100;

    /** {@code byUser}: each user's traces, newest first, as the trace store keeps them. */
    static Aggregates of(List<List<RecallTrace>> byUser) {
        List<RecallTrace> all = new ArrayList<>();
        byUser.forEach(all::addAll);
        long first = all.stream().mapToLong(RecallTrace::getTracedAt).min().orElse(0);
        long last = all.stream().mapToLong(RecallTrace::getTracedAt).max().orElse(0);
        long width = Math.max(MIN_BUCKET_MILLIS, (last - first) / BUCKETS + 1);
        int buckets = (int) ((last - first) / width) + 1;
        Map<String, long[]> calls = new TreeMap<>();
        Map<String, List<Long>> stages = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        int recalls = 0;
        for (RecallTrace trace : all) {
            calls.computeIfAbsent(trace.getTier(), tier -> new long[buckets])[(int) ((trace.getTracedAt() - first) / width)]++;
            for (TraceStage stage : trace.getStages()) {
                stages.computeIfAbsent(stage.getName(), name -> new ArrayList<>()).add(stage.getMillis());
            }
            if (!trace.getFailure().isEmpty()) {
                failures.merge(trace.getFailure(), 1L, Long::sum);
            }
            recalls += trace.getObjects().isEmpty() ? 0 : 1;
        }
        Map<String, long[]> sorted = new TreeMap<>();
        stages.forEach((name, millis) -> sorted.put(name, millis.stream().mapToLong(Long::longValue).sorted().toArray()));
        int scored = 0;
        int at5 = 0;
        int at10 = 0;
        int atAll = 0;
        for (List<RecallTrace> traces : byUser) {
            for (FollowUps.FollowUp followUp : FollowUps.of(traces).values()) {
                if (followUp.hasTarget()) {
                    scored++;
                    at5 += followUp.hitAt(5) ? 1 : 0;
                    at10 += followUp.hitAt(10) ? 1 : 0;
                    atAll += followUp.hitAt(Integer.MAX_VALUE) ? 1 : 0;
                }
            }
        }
        return new Aggregates(all.size(), first, width, calls, sorted, failures, recalls, scored, at5, at10, atAll);
    }

    /** The nearest-rank percentile {@code p} (0-100) of sorted values; 0 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    long[] totalCalls() {
        long[] total = new long[callsPerTier.values().stream().mapToInt(a -> a.length).max().orElse(0)];
        callsPerTier.values().forEach(series -> Arrays.setAll(total, i -> total[i] + series[i]));
        return total;
    }
}
