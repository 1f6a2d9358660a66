package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryChecksTest {

    private static Map<String, Object> consistent() {
        Map<String, Object> figures = new HashMap<>();
        figures.put("records_sent", 1000L);
        figures.put("events_read", 1000L);
        figures.put("events_accepted", 990L);
        figures.put("dead_lettered", 10L);
        figures.put("malformed_sent", 10L);
        figures.put("users", 50L);
        figures.put("users_sent", 60L);
        figures.put("recall_requests", 130L);
        figures.put("budget_shed", 25L);
        figures.put("inference_shed_saturated", 5L);
        figures.put("inference_calls", 100L);
        figures.put("inference_succeeded", 90L);
        figures.put("inference_failures", 10L);
        figures.put("inference_failure_cause_total", 10L);
        figures.put("recalls_written", 80L);
        figures.put("recalls_kept_newer", 8L);
        figures.put("recalls_rejected", 1L);
        figures.put("recalls_failed", 1L);
        figures.put("job_restarts", 0L);
        figures.put("history_sent", 500L);
        figures.put("behaviours_bootstrapped", 498L);
        figures.put("send_failures", 0L);
        figures.put("first_targets", 40L);
        figures.put("first_covered", 30L);
        figures.put("first_hits_covered", 6L);
        figures.put("first_hits_with_fallback", 8L);
        return figures;
    }

    @Test
    void figuresThatHoldTogether_passEveryCheck() {
        assertEquals(List.of(), SummaryChecks.broken(consistent()));
    }

    @Test
    void aReplayAfterARestart_isCaughtByEveryCheckItBreaks() {
        Map<String, Object> figures = consistent();
        figures.put("events_read", 3000L);
        figures.put("events_accepted", 2990L);
        figures.put("users", 70L);
        figures.put("job_restarts", 2L);
        List<String> broken = SummaryChecks.broken(figures);
        assertEquals(3, broken.size(), broken.toString());
        assertTrue(broken.get(0).contains("read 3000 records, but only 1000 were sent"), broken.get(0));
    }

    @Test
    void causesThatDoNotAddUp_andAnswersNotAccountedFor_areReported() {
        Map<String, Object> figures = consistent();
        figures.put("inference_failure_cause_total", 7L);
        figures.put("recalls_written", 70L);
        List<String> broken = SummaryChecks.broken(figures);
        assertEquals(2, broken.size(), broken.toString());
        assertTrue(broken.get(0).contains("add up to 7, not to the 10"), broken.get(0));
    }

    @Test
    void aServerThatAnsweredFewerThanTheJobTookOrSearchedMoreThanArrived_isReported() {
        Map<String, Object> figures = consistent();
        figures.put("server_succeeded", 95L);
        figures.put("server_failed", 12L);
        figures.put("server_searched", 107L);
        assertEquals(List.of(), SummaryChecks.broken(figures), "late answers make the server's count the larger");
        figures.put("server_succeeded", 89L);
        figures.put("server_searched", 102L);
        assertEquals(List.of("the job took 90 answers, but the server answered only 89",
                "the server searched 102 requests, more than the 101 it finished"), SummaryChecks.broken(figures));
    }

    @Test
    void anAdmittedRequestNeitherCalledNorShedForTheReserve_isReported() {
        Map<String, Object> figures = consistent();
        figures.put("inference_shed_saturated", 4L);
        List<String> broken = SummaryChecks.broken(figures);
        assertEquals(List.of("requests admitted by the budget 105 != inference calls 100 + shed for the top-tier"
                + " reserve 4"), broken);
    }

    @Test
    void firstEngagementFiguresThatCannotBeTrue_areCaught() {
        Map<String, Object> figures = consistent();
        figures.put("first_hits_covered", 31L);
        List<String> broken = SummaryChecks.broken(figures);
        assertEquals(1, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("first engagements do not hold together"), broken.get(0));
    }

    @Test
    void eachArmsCountsMustAddUpToTheTotals() {
        Map<String, Object> figures = consistent();
        figures.put("arms", List.of("control", "narrow"));
        figures.put("arm_control_recall_requests", 80L);
        figures.put("arm_narrow_recall_requests", 50L);
        figures.put("arm_control_inference_calls", 60L);
        figures.put("arm_narrow_inference_calls", 40L);
        figures.put("arm_control_first_targets", 25L);
        figures.put("arm_narrow_first_targets", 15L);
        figures.put("arm_control_first_covered", 20L);
        figures.put("arm_narrow_first_covered", 10L);
        figures.put("arm_control_inference_succeeded", 55L);
        figures.put("arm_narrow_inference_succeeded", 35L);
        figures.put("arm_control_inference_failures", 5L);
        figures.put("arm_narrow_inference_failures", 5L);
        figures.put("arm_control_recalls_written", 50L);
        figures.put("arm_narrow_recalls_written", 30L);
        assertEquals(List.of(), SummaryChecks.broken(figures));

        figures.put("arm_narrow_inference_calls", 39L);
        assertEquals(List.of("the arms' inference_calls add up to 99, not to the total 100"), SummaryChecks.broken(figures));
    }
}
