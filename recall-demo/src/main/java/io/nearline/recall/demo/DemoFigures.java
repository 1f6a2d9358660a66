package io.nearline.recall.demo;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.inference.FailureCounters;
import io.nearline.recall.job.input.ValidateInput;
import io.nearline.recall.testing.CounterSnapshotReporter;
import java.time.Duration;
import java.util.Map;

/** The demo's figures, read from the job's own counters and the producer's, as the summary reports them. */
public final class DemoFigures {

    private DemoFigures() {}

    static long answered() {
        return CounterSnapshotReporter.value(JobMetrics.INFERENCE_SUCCEEDED)
                + CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED)
                + CounterSnapshotReporter.value(JobMetrics.INFERENCE_TIMED_OUT);
    }

    static long stored() {
        return CounterSnapshotReporter.value(JobMetrics.RECALLS_WRITTEN)
                + CounterSnapshotReporter.value(JobMetrics.RECALLS_KEPT_NEWER)
                + CounterSnapshotReporter.value(JobMetrics.RECALLS_REJECTED)
                + CounterSnapshotReporter.value(JobMetrics.RECALLS_FAILED);
    }

    static DemoSummary summarise(DemoOptions options, BehaviourLog log, EventProducer producer, Duration wall) {
        return new DemoSummary()
                .put("source", log.name())
                .put("records_sent", producer.sent())
                .put("malformed_sent", producer.malformedSent())
                .put("events_read", CounterSnapshotReporter.value(JobMetrics.RECORDS_READ))
                .put("events_accepted", CounterSnapshotReporter.value(JobMetrics.RECORDS_ACCEPTED))
                .put("dead_lettered", CounterSnapshotReporter.value(JobMetrics.RECORDS_DEAD_LETTERED))
                .put("users", CounterSnapshotReporter.value(JobMetrics.USERS_CREATED))
                .put("recall_requests", CounterSnapshotReporter.value(JobMetrics.RECALL_REQUESTS))
                .put("budget_shed", CounterSnapshotReporter.value(JobMetrics.BUDGET_SHED))
                .put("inference_shed_saturated", CounterSnapshotReporter.value(JobMetrics.INFERENCE_SHED_SATURATED))
                .put("inference_calls", answered())
                .put("inference_succeeded", CounterSnapshotReporter.value(JobMetrics.INFERENCE_SUCCEEDED))
                .put("inference_failures", CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED)
                        + CounterSnapshotReporter.value(JobMetrics.INFERENCE_TIMED_OUT))
                .put("recalls_written", CounterSnapshotReporter.value(JobMetrics.RECALLS_WRITTEN))
                .put("recalls_kept_newer", CounterSnapshotReporter.value(JobMetrics.RECALLS_KEPT_NEWER))
                .put("recalls_rejected", CounterSnapshotReporter.value(JobMetrics.RECALLS_REJECTED))
                .put("recalls_failed", CounterSnapshotReporter.value(JobMetrics.RECALLS_FAILED))
                .put("recall_store_retries", CounterSnapshotReporter.value(JobMetrics.STORE_RETRIES))
                .put("recall_store_waited_ms", CounterSnapshotReporter.value(JobMetrics.STORE_WAITED_MS))
                .put("requests_traced", CounterSnapshotReporter.value(JobMetrics.REQUESTS_TRACED))
                .put("traces_stored", CounterSnapshotReporter.value(JobMetrics.TRACES_STORED))
                .put("traces_dropped", CounterSnapshotReporter.value(JobMetrics.TRACES_DROPPED))
                .put("live_recalls_scored", CounterSnapshotReporter.value(JobMetrics.LIVE_SCORED))
                .put("live_hr_at_5", ratio(JobMetrics.LIVE_HITS_AT_5, JobMetrics.LIVE_SCORED))
                .put("live_hr_at_10", ratio(JobMetrics.LIVE_HITS_AT_10, JobMetrics.LIVE_SCORED))
                .put("live_hr_at_all", ratio(JobMetrics.LIVE_HITS_AT_ALL, JobMetrics.LIVE_SCORED))
                .put("served_targets", CounterSnapshotReporter.value(JobMetrics.SERVED_TARGETS))
                .put("served_hr_at_10", ratio(JobMetrics.SERVED_HITS_AT_10, JobMetrics.SERVED_TARGETS))
                .put("inference_failure_causes", countsBy(FailureCounters.PREFIX))
                .put("inference_failure_cause_total", sumOf(FailureCounters.PREFIX))
                .put("tier_answers", tierAnswers())
                .put("dead_letter_reasons", countsBy(ValidateInput.REASON_PREFIX))
                .put("users_sent", producer.distinctUsers())
                .put("send_failures", producer.sendFailures())
                .put("job_restarts", CounterSnapshotReporter.restarts())
                .put("rules", options.rules())
                .put("behaviours_replayed", producer.behavioursSent())
                .put("warm_start", options.warmStart())
                .put("history_sent", producer.historySent())
                .put("behaviours_bootstrapped", CounterSnapshotReporter.value(JobMetrics.BEHAVIOURS_BOOTSTRAPPED))
                .put("inference_calls_per_1000_behaviours",
                        Math.round(10000.0 * answered() / Math.max(1, producer.behavioursSent())) / 10.0)
                .put("parallelism", options.parallelism())
                .put("wall_seconds", Math.round(wall.toMillis() / 100.0) / 10.0);
    }

    /**
     * Per tier, the answers the job took and the mean milliseconds from the call to its answer, as
     * {@code platinum 41 in 35.2 ms, ...}, highest count first; "none" when no tier was answered.
     */
    static String tierAnswers() {
        Map<String, Long> paths = CounterSnapshotReporter.pathSnapshot();
        String suffix = "." + JobMetrics.TIER_ANSWERED;
        StringBuilder answers = new StringBuilder();
        paths.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("tier.") && entry.getKey().endsWith(suffix) && entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> {
                    String tier = entry.getKey().substring("tier.".length(), entry.getKey().length() - suffix.length());
                    long millis = paths.getOrDefault("tier." + tier + "." + JobMetrics.TIER_ANSWER_MILLIS, 0L);
                    answers.append(answers.length() == 0 ? "" : ", ").append(tier).append(' ').append(entry.getValue())
                            .append(" in ").append(Math.round(10.0 * millis / entry.getValue()) / 10.0).append(" ms");
                });
        return answers.length() == 0 ? "none" : answers.toString();
    }

    /** The non-zero counters named {@code prefix + X}, as {@code X=n, ...}; "none" when there are none. */
    public static String countsBy(String prefix) {
        StringBuilder counts = new StringBuilder();
        CounterSnapshotReporter.snapshot().forEach((name, value) -> {
            if (name.startsWith(prefix) && value > 0) {
                counts.append(counts.length() == 0 ? "" : ", ")
                        .append(name.substring(prefix.length())).append('=').append(value);
            }
        });
        return counts.length() == 0 ? "none" : counts.toString();
    }

    private static long sumOf(String prefix) {
        return CounterSnapshotReporter.snapshot().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    private static double ratio(String hits, String scored) {
        long denominator = CounterSnapshotReporter.value(scored);
        return denominator == 0 ? 0.0 : Math.round(10000.0 * CounterSnapshotReporter.value(hits) / denominator) / 10000.0;
    }
}
