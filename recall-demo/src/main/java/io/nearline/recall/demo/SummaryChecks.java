package io.nearline.recall.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The figures of a demo summary that must hold together: nothing read that was not sent, every record
 * read either accepted or dead-lettered, every malformed record dead-lettered, no more users than were
 * sent, failure causes adding up to the failures, every answer stored or accounted for, every traced request's
 * trace stored or counted as dropped, each arm's counts adding up to the totals, every answer the job took answered
 * by the server, no job restart.
 * A summary that breaks one is not printed as if it were true.
 */
public final class SummaryChecks {

    private SummaryChecks() {}

    /** One sentence per broken check; empty when every figure holds. */
    public static List<String> broken(Map<String, Object> figures) {
        List<String> broken = new ArrayList<>();
        long sent = number(figures, "records_sent");
        long read = number(figures, "events_read");
        long accepted = number(figures, "events_accepted");
        long deadLettered = number(figures, "dead_lettered");
        if (read > sent) {
            broken.add("read " + read + " records, but only " + sent + " were sent (records read twice: a restart?)");
        }
        if (accepted + deadLettered != read) {
            broken.add("accepted " + accepted + " + dead-lettered " + deadLettered + " != read " + read);
        }
        if (deadLettered < number(figures, "malformed_sent")) {
            broken.add("dead-lettered " + deadLettered + ", fewer than the " + number(figures, "malformed_sent")
                    + " malformed records sent");
        }
        if (number(figures, "users") > number(figures, "users_sent")) {
            broken.add(number(figures, "users") + " users in the job, more than the " + number(figures, "users_sent") + " sent");
        }
        long failures = number(figures, "inference_failures");
        long causes = number(figures, "inference_failure_cause_total");
        if (causes != failures) {
            broken.add("inference failure causes add up to " + causes + ", not to the " + failures + " failures");
        }
        long answered = number(figures, "inference_calls");
        long succeeded = number(figures, "inference_succeeded");
        if (succeeded + failures != answered) {
            broken.add("inference calls " + answered + " != succeeded " + succeeded + " + failed " + failures);
        }
        // summaries written before the budget's figures were kept lack them
        if (figures.containsKey("recall_requests") && figures.containsKey("budget_shed")) {
            long admitted = number(figures, "recall_requests") - number(figures, "budget_shed");
            long saturated = numberOrZero(figures, "inference_shed_saturated");
            if (answered + saturated != admitted) {
                broken.add("requests admitted by the budget " + admitted + " != inference calls " + answered
                        + " + shed for the top-tier reserve " + saturated);
            }
        }
        long stored = number(figures, "recalls_written") + number(figures, "recalls_kept_newer")
                + number(figures, "recalls_rejected") + number(figures, "recalls_failed");
        if (stored != succeeded) {
            broken.add("recalls accounted for in Redis (written, kept newer, rejected, failed) " + stored
                    + " != inference answers " + succeeded);
        }
        long traced = numberOrZero(figures, "requests_traced");
        long traces = numberOrZero(figures, "traces_stored") + numberOrZero(figures, "traces_dropped");
        if (traces != traced) {
            broken.add("traces stored " + numberOrZero(figures, "traces_stored") + " + dropped "
                    + numberOrZero(figures, "traces_dropped") + " != requests traced " + traced);
        }
        if (number(figures, "behaviours_bootstrapped") > number(figures, "history_sent")) {
            broken.add(number(figures, "behaviours_bootstrapped") + " behaviours bootstrapped, more than the "
                    + number(figures, "history_sent") + " history behaviours sent");
        }
        // the trade-off figures are added after the job ran; a summary cut short may lack them
        long firstTargets = numberOrZero(figures, "first_targets");
        long firstCovered = numberOrZero(figures, "first_covered");
        long firstHitsCovered = numberOrZero(figures, "first_hits_covered");
        long firstHitsWithFallback = numberOrZero(figures, "first_hits_with_fallback");
        if (firstCovered > firstTargets || firstHitsWithFallback > firstTargets || firstHitsCovered > firstCovered
                || firstHitsCovered > firstHitsWithFallback) {
            broken.add("first engagements do not hold together: " + firstTargets + " targets, " + firstCovered
                    + " covered, " + firstHitsCovered + " hits covered, " + firstHitsWithFallback + " hits with fallback");
        }
        broken.addAll(DemoArms.broken(figures));
        broken.addAll(ServerFigures.broken(figures));
        if (number(figures, "job_restarts") != 0) {
            broken.add("the job restarted " + number(figures, "job_restarts") + " times");
        }
        if (number(figures, "send_failures") != 0) {
            broken.add(number(figures, "send_failures") + " records were not acknowledged by the broker");
        }
        return broken;
    }

    private static long numberOrZero(Map<String, Object> figures, String name) {
        return figures.get(name) instanceof Number number ? number.longValue() : 0;
    }

    private static long number(Map<String, Object> figures, String name) {
        Object value = figures.get(name);
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("summary has no figure " + name);
        }
        return number.longValue();
    }
}
