package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, in small: every record sent is read, malformed ones are dead-lettered, a summary is written. */
class DemoRunTest {

    @Test
    void aBoundedDemoRun_accountsForEveryRecordAndWritesItsSummary(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        DemoSummary summary = DemoMain.run(DemoOptions.parse(new String[] {
                "--events", "3000", "--malformed-every", "500", "--parallelism", "2",
                "--summary-json", json.toString()}));
        summary.writeJson(json);

        Map<String, Object> figures = summary.figures();
        assertEquals(figures.get("records_sent"), figures.get("events_read"));
        assertEquals(6L, figures.get("malformed_sent"));
        assertEquals(6L, figures.get("dead_lettered"));
        assertEquals((Long) figures.get("events_read") - 6L, figures.get("events_accepted"));
        assertTrue((Long) figures.get("users") > 0);
        assertTrue((Long) figures.get("recall_requests") > 0);
        assertEquals((Long) figures.get("recall_requests") - (Long) figures.get("budget_shed"),
                (Long) figures.get("inference_calls") + (Long) figures.get("inference_shed_saturated"),
                "every admitted request is answered, or shed at once for the top-tier reserve");
        Map<String, Object> written = DemoSummary.readJson(json);
        assertEquals(figures.keySet(), written.keySet(), "the JSON summary holds every figure");
        assertEquals(6, ((Number) written.get("dead_lettered")).intValue());
        assertEquals(java.util.List.of(), SummaryChecks.broken(figures), "the demo's own checks hold");
        assertTrue((Long) figures.get("server_succeeded") >= (Long) figures.get("inference_succeeded"),
                "the server's ModelStatistics count every answer the job took");
        assertTrue((Long) figures.get("history_sent") > 20_000, "a warm start sends the history first");
        assertTrue((Long) figures.get("behaviours_bootstrapped") > 0.9 * (Long) figures.get("history_sent"),
                "history built state: " + figures.get("behaviours_bootstrapped"));
    }
}
