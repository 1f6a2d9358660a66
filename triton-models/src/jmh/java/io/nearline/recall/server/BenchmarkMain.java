package io.nearline.recall.server;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs this module's JMH benchmarks and prints each result as a ratio to its baseline from the same run. */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(BeamSearchBenchmark.class.getSimpleName())
                .include(ClientThroughputBenchmark.class.getSimpleName())
                .include(TrainedModelBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(5).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String width = result.getParams().getParam("beamWidth");
            String model = result.getParams().getParam("model");
            String key = model == null ? name : name + "/" + model;
            scores.put(width == null ? key : key + "@" + width, result.getPrimaryResult().getScore());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println();
        System.out.println("Beam search latency (us/op), ratio to width 10:");
        for (String width : new String[] {"10", "100", "300"}) {
            ratio("  width " + width, scores.get("search@" + width), scores.get("search@10"), "us");
        }
        System.out.println("Trained recall model, one request's search (us/op), ratio to the frequency fixture:");
        for (String width : new String[] {"10", "50", "300"}) {
            ratio("  width " + width, scores.get("search/trained@" + width), scores.get("search/fixture@" + width), "us");
        }
        System.out.println("Client calls/s on loopback (" + cores + " cores, client and server in one JVM), ratio to raw ServerLive:");
        ratio("  one at a time", scores.get("clientInferOneAtATime"), scores.get("baselineServerLiveOneAtATime"), "calls/s");
        ratio("  " + ClientThroughputBenchmark.IN_FLIGHT + " in flight", scores.get("clientInferPipelined"),
                scores.get("baselineServerLivePipelined"), "calls/s");
        Double pipelined = scores.get("clientInferPipelined");
        if (pipelined != null) {
            System.out.printf("  client infer calls/s per core (pipelined / %d cores): %.0f%n", cores, pipelined / cores);
        }
    }

    private static void ratio(String label, Double value, Double baseline, String unit) {
        if (value == null || baseline == null) {
            System.out.println(label + ": not measured");
            return;
        }
        System.out.printf("%s: %.1f %s (baseline %.1f), ratio %.2f%n", label, value, unit, baseline, value / baseline);
    }
}
