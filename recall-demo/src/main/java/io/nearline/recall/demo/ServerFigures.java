package io.nearline.recall.demo;

import io.nearline.recall.inference.kserve.InferStatistics;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.inference.kserve.StatisticDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inference server's own account of the run, from Triton's ModelStatistics: requests it answered and failed,
 * and the mean milliseconds of an answered one from arrival to reply, of the wait for a search thread and of the
 * search. Beside the job's milliseconds per call it says where a slow answer's time went: queued in the server,
 * searching, or outside the server (the network, the client's and the job's threads on busy cores).
 */
public final class ServerFigures {

    private ServerFigures() {}

    static Map<String, Object> of(ModelStatistics statistics) {
        InferStatistics stats = statistics.getInferenceStats();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("server_succeeded", stats.getSuccess().getCount());
        figures.put("server_failed", stats.getFail().getCount());
        figures.put("server_searched", stats.getComputeInfer().getCount());
        figures.put("server_ms_per_answer", meanMillis(stats.getSuccess()));
        figures.put("server_queue_ms_per_search", meanMillis(stats.getQueue()));
        figures.put("server_search_ms_per_search", meanMillis(stats.getComputeInfer()));
        return figures;
    }

    /**
     * One sentence per figure that does not hold with the job's: every answer the job took was answered by the
     * server (a server answer may still have reached the job after its timeout, so not the other way round), and
     * no request searched that did not arrive. Empty for a summary without the server's figures.
     */
    static List<String> broken(Map<String, Object> figures) {
        List<String> broken = new ArrayList<>();
        if (!(figures.get("server_succeeded") instanceof Number serverSucceeded)) {
            return broken;
        }
        long jobSucceeded = ((Number) figures.get("inference_succeeded")).longValue();
        if (serverSucceeded.longValue() < jobSucceeded) {
            broken.add("the job took " + jobSucceeded + " answers, but the server answered only " + serverSucceeded);
        }
        long arrived = serverSucceeded.longValue() + ((Number) figures.get("server_failed")).longValue();
        long searched = ((Number) figures.get("server_searched")).longValue();
        if (searched > arrived) {
            broken.add("the server searched " + searched + " requests, more than the " + arrived + " it finished");
        }
        return broken;
    }

    /**
     * What the server did between two of its statistics, as one line: answered and failed requests, and an
     * answer's mean milliseconds with its queued and searching shares.
     */
    public static String between(ModelStatistics before, ModelStatistics after) {
        InferStatistics a = before.getInferenceStats();
        InferStatistics b = after.getInferenceStats();
        StatisticDuration success = minus(b.getSuccess(), a.getSuccess());
        return String.format("server answered %,d, failed %,d; an answer %.1f ms, of it queued %.1f ms and searching"
                        + " %.1f ms a search", success.getCount(), minus(b.getFail(), a.getFail()).getCount(),
                meanMillis(success), meanMillis(minus(b.getQueue(), a.getQueue())),
                meanMillis(minus(b.getComputeInfer(), a.getComputeInfer())));
    }

    private static StatisticDuration minus(StatisticDuration later, StatisticDuration earlier) {
        return StatisticDuration.newBuilder().setCount(later.getCount() - earlier.getCount())
                .setNs(later.getNs() - earlier.getNs()).build();
    }

    private static double meanMillis(StatisticDuration duration) {
        return duration.getCount() == 0 ? 0.0 : Math.round(duration.getNs() / 1e5 / duration.getCount()) / 10.0;
    }
}
