package io.nearline.recall.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the JobManager's REST API (what the Flink UI shows): jobs, their tasks, checkpoints and metrics. */
public final class FlinkRest {

    /** A job as the overview lists it. */
    public record Job(String id, String name, String state) {}

    /**
     * The newest completed checkpoint's id and where it is, how many completed and failed, and where the job was
     * restored from (a checkpoint or a savepoint; empty when it was not).
     */
    public record Checkpoints(long completed, long failed, long latestId, String latestPath, String restoredFrom) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public FlinkRest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String url() {
        return base + "/";
    }

    public List<Job> jobs() throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
        }
        return jobs;
    }

    public Optional<Job> job(String id) throws IOException {
        return jobs().stream().filter(job -> job.id().equals(id)).findFirst();
    }

    /** True when the job runs and every one of its tasks does (a restarting job's state is RUNNING before its tasks). */
    public boolean allTasksRunning(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a job stands, in one line for a failed wait: its state, each vertex's tasks by state, the restarts, and
     * the newest failure in its exception history (the exception's first line and its root cause's).
     */
    public String diagnosis(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        StringBuilder line = new StringBuilder("job ").append(job.path("state").asText());
        for (JsonNode vertex : job.path("vertices")) {
            line.append("; ").append(vertex.path("name").asText()).append(' ');
            Map<String, Integer> tasks = new TreeMap<>();
            vertex.path("tasks").fields().forEachRemaining(count -> {
                if (count.getValue().asInt() > 0) {
                    tasks.put(count.getKey(), count.getValue().asInt());
                }
            });
            line.append(tasks);
        }
        line.append("; restarts ").append(jobMetric(jobId, "numRestarts"));
        JsonNode entries = get("/jobs/" + jobId + "/exceptions?maxExceptions=1").path("exceptionHistory")
                .path("entries");
        if (entries.isArray() && !entries.isEmpty()) {
            JsonNode newest = entries.get(0);
            String trace = newest.path("stacktrace").asText("");
            line.append("; newest failure in ").append(newest.path("taskName").asText("the job")).append(": ")
                    .append(firstLine(trace));
            int cause = trace.lastIndexOf("Caused by: ");
            if (cause >= 0) {
                line.append(" <- ").append(firstLine(trace.substring(cause)));
            }
        }
        return line.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    public Checkpoints checkpoints(String jobId) throws IOException {
        JsonNode node = get("/jobs/" + jobId + "/checkpoints");
        JsonNode latest = node.path("latest").path("completed");
        return new Checkpoints(node.path("counts").path("completed").asLong(), node.path("counts").path("failed").asLong(),
                latest.isMissingNode() || latest.isNull() ? -1 : latest.path("id").asLong(),
                latest.path("external_path").asText(""),
                node.path("latest").path("restored").path("external_path").asText(""));
    }

    /** A job-level metric of the JobManager (numRestarts, ...); -1 when not reported. */
    public long jobMetric(String jobId, String metric) throws IOException {
        for (JsonNode value : get("/jobs/" + jobId + "/metrics?get=" + metric)) {
            return value.path("value").asLong(-1);
        }
        return -1;
    }

    /** TaskManagers registered with the JobManager: their ids. */
    public List<String> taskManagers() throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode manager : get("/taskmanagers").path("taskmanagers")) {
            ids.add(manager.path("id").asText());
        }
        return ids;
    }

    /** A TaskManager's own metric (Status.JVM.Memory.Heap.Used, ...); -1 when not reported. */
    public long taskManagerMetric(String taskManagerId, String metric) throws IOException {
        for (JsonNode value : get("/taskmanagers/" + taskManagerId + "/metrics?get=" + metric)) {
            return value.path("value").asLong(-1);
        }
        return -1;
    }

    /**
     * The sums over their subtasks of every task-level metric whose name contains {@code part} (an operator's metric
     * is named {@code OPERATOR.GROUP.NAME}), over the vertices whose names contain one of {@code vertexNames} (each
     * vertex once, however many of its chained operators are named); each key is the metric's name from {@code part}
     * on, summed over the vertices.
     */
    public Map<String, Long> vertexMetricSums(String jobId, List<String> vertexNames, String part) throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String name = vertex.path("name").asText();
            if (vertexNames.stream().noneMatch(name::contains)) {
                continue;
            }
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            for (JsonNode metric : get(path)) {
                String id = metric.path("id").asText();
                int at = id.indexOf(part);
                if (at >= 0) {
                    JsonNode sum = get(path + "?get=" + id + "&agg=sum");
                    sums.merge(id.substring(at), sum.isEmpty() ? 0 : sum.get(0).path("sum").asLong(), Long::sum);
                }
            }
        }
        return sums;
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + path, e);
        }
    }
}
