package io.nearline.recall.demo;

import io.nearline.recall.inspector.Wilson;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.testing.CounterSnapshotReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The experiment's figures per arm, from the job's per-arm counters ({@code nearline.arm.<arm>.*}), as
 * {@code arm_<arm>_<figure>} in the summary: calls, GPU time, live and served HR@10 and coverage with 95% Wilson
 * intervals. {@link SummaryChecks} checks that each arm's counts add up to the totals.
 */
final class DemoArms {

    /** The summary's totals that the arms' figures of the same name must add up to. */
    static final List<String> SUMMED = List.of("recall_requests", "inference_calls", "inference_succeeded",
            "inference_failures", "recalls_written", "live_recalls_scored", "served_targets", "first_targets",
            "first_covered");

    private DemoArms() {}

    /** Adds the arms' figures; call after the trade-off figures, whose first-engagement counts they split. */
    static void add(DemoSummary summary) {
        List<String> arms = new ArrayList<>(CounterSnapshotReporter.arms());
        summary.put("arms", arms);
        for (String arm : arms) {
            long succeeded = value(arm, JobMetrics.INFERENCE_SUCCEEDED);
            long failed = value(arm, JobMetrics.INFERENCE_FAILED) + value(arm, JobMetrics.INFERENCE_TIMED_OUT);
            long sent = value(arm, JobMetrics.INFERENCE_CALLS);
            long scored = value(arm, JobMetrics.LIVE_SCORED);
            long served = value(arm, JobMetrics.SERVED_TARGETS);
            long targets = value(arm, JobMetrics.FIRST_TARGETS);
            long covered = value(arm, JobMetrics.FIRST_COVERED);
            String p = "arm_" + arm + "_";
            summary.put(p + "recall_requests", value(arm, JobMetrics.RECALL_REQUESTS))
                    .put(p + "inference_calls", succeeded + failed)
                    .put(p + "inference_succeeded", succeeded)
                    .put(p + "inference_failures", failed)
                    .put(p + "inference_ms_per_call", sent == 0 ? 0.0
                            : Math.round(10.0 * value(arm, JobMetrics.INFERENCE_MILLIS) / sent) / 10.0)
                    .put(p + "recalls_written", value(arm, JobMetrics.RECALLS_WRITTEN))
                    .put(p + "live_recalls_scored", scored)
                    .put(p + "live_hr_at_10", rate(value(arm, JobMetrics.LIVE_HITS_AT_10), scored))
                    .put(p + "live_hr_at_10_ci", interval(value(arm, JobMetrics.LIVE_HITS_AT_10), scored))
                    .put(p + "served_targets", served)
                    .put(p + "served_hr_at_10", rate(value(arm, JobMetrics.SERVED_HITS_AT_10), served))
                    .put(p + "served_hr_at_10_ci", interval(value(arm, JobMetrics.SERVED_HITS_AT_10), served))
                    .put(p + "first_targets", targets)
                    .put(p + "first_covered", covered)
                    .put(p + "coverage", rate(covered, targets))
                    .put(p + "coverage_ci", interval(covered, targets));
        }
    }

    /** One sentence per total the arms' figures do not add up to; none without arms. */
    static List<String> broken(Map<String, Object> figures) {
        List<String> broken = new ArrayList<>();
        if (!(figures.get("arms") instanceof List<?> arms) || arms.isEmpty()) {
            return broken;
        }
        for (String name : SUMMED) {
            if (!(figures.get(name) instanceof Number total)) {
                continue;
            }
            long sum = 0;
            for (Object arm : arms) {
                Object value = figures.get("arm_" + arm + "_" + name);
                sum += value instanceof Number n ? n.longValue() : 0;
            }
            if (sum != total.longValue()) {
                broken.add("the arms' " + name + " add up to " + sum + ", not to the total " + total);
            }
        }
        return broken;
    }

    /** One line per arm for the summary's reader. */
    static List<String> lines(Map<String, Object> figures) {
        List<String> lines = new ArrayList<>();
        if (figures.get("arms") instanceof List<?> arms) {
            for (Object arm : arms) {
                String p = "arm_" + arm + "_";
                lines.add(String.format("arm %-10s calls %s | %s ms per call | live HR@10 %s of %s | served HR@10 %s of %s"
                                + " | coverage %s of %s", arm, figures.get(p + "inference_calls"),
                        figures.get(p + "inference_ms_per_call"), shown(figures, p + "live_hr_at_10"),
                        figures.get(p + "live_recalls_scored"), shown(figures, p + "served_hr_at_10"),
                        figures.get(p + "served_targets"), shown(figures, p + "coverage"), figures.get(p + "first_targets")));
            }
        }
        return lines;
    }

    private static String shown(Map<String, Object> figures, String name) {
        return figures.get(name) + " " + figures.get(name + "_ci");
    }

    private static long value(String arm, String counter) {
        return CounterSnapshotReporter.armValue(arm, counter);
    }

    private static double rate(long hits, long n) {
        return n == 0 ? 0.0 : Math.round(10000.0 * hits / n) / 10000.0;
    }

    private static List<Double> interval(long hits, long n) {
        Wilson w = Wilson.of(hits, n);
        return List.of(Math.round(w.low() * 1000) / 1000.0, Math.round(w.high() * 1000) / 1000.0);
    }
}
