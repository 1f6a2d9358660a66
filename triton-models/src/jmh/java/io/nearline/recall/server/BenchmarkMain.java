package io.nearline.recall.server;

import io.nearline.recall.config.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs this module's JMH benchmarks and prints each result as a ratio to its baseline from the same run; arguments,
 * if any, are the simple names of the benchmarks to run (default all).
 */
@Command(name = "BenchmarkMain", mixinStandardHelpOptions = true,
        description = "Runs this module's JMH benchmarks; prints each result as a ratio to its baseline.")
public final class BenchmarkMain implements Callable<Integer> {

    @Parameters(paramLabel = "BENCHMARK", description = "Simple names of the benchmarks to run (default all).")
    private List<String> names = new ArrayList<>();

    private BenchmarkMain() {}

    public static void main(String[] args) {
        ToolRunner.exit(new BenchmarkMain(), args);
    }

    @Override
    public Integer call() throws RunnerException {
        List<String> chosen = !names.isEmpty() ? names : List.of(BeamSearchBenchmark.class.getSimpleName(),
                ClientThroughputBenchmark.class.getSimpleName(), TrainedModelBenchmark.class.getSimpleName(),
                PrefixCacheBenchmark.class.getSimpleName());
        boolean onnx = chosen.contains(OnnxSearchBenchmark.class.getSimpleName())
                || chosen.contains(OnnxPrefillBenchmark.class.getSimpleName());
        // exported once here rather than in every fork
        java.nio.file.Path onnxModel = onnx ? OnnxBench.export() : null;
        ChainedOptionsBuilder timed = new OptionsBuilder().forks(1)
                .warmupIterations(5).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        List<RunResult> results = new ArrayList<>();
        boolean any = false;
        for (String name : chosen) {
            if (!name.equals(PrefixCacheBenchmark.class.getSimpleName())) {
                timed.include("\\." + name + "\\.");
                any = true;
            }
        }
        if (onnx) {
            timed.jvmArgsAppend("-D" + OnnxBench.MODEL_PROPERTY + "=" + onnxModel);
        }
        if (any) {
            results.addAll(new Runner(timed.build()).run());
        }
        if (chosen.contains(PrefixCacheBenchmark.class.getSimpleName())) {
            // one operation is a whole replay of seconds: a few single shots, not timed iterations
            results.addAll(new Runner(new OptionsBuilder().include("\\." + PrefixCacheBenchmark.class.getSimpleName()
                    + "\\.").forks(1).mode(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                    .warmupIterations(1).measurementIterations(3).build()).run());
        }
        Map<String, Double> scores = new HashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String width = result.getParams().getParam("beamWidth");
            String model = result.getParams().getParam("model");
            model = model != null ? model : result.getParams().getParam("cache");
            model = model != null ? model : result.getParams().getParam("way");
            String key = model == null ? name : name + "/" + model;
            scores.put(width == null ? key : key + "@" + width, result.getPrimaryResult().getScore());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println();
        System.out.println("Beam search latency (us/op), ratio to width 10:");
        for (String width : new String[] {"10", "100", "300"}) {
            ratio("  width " + width, scores.get("search@" + width), scores.get("search@10"), "us");
        }
        System.out.println("Count model and transformer, one request's search (us/op), ratio to the frequency fixture:");
        for (String width : new String[] {"10", "50", "300"}) {
            ratio("  count model, width " + width, scores.get("search/trained@" + width),
                    scores.get("search/fixture@" + width), "us");
            ratio("  transformer, width " + width, scores.get("search/transformer@" + width),
                    scores.get("search/fixture@" + width), "us");
            ratio("  transformer to count model, width " + width, scores.get("search/transformer@" + width),
                    scores.get("search/trained@" + width), "us");
        }
        if (chosen.contains(PrefixCacheBenchmark.class.getSimpleName())) {
            prefixCache(scores);
        }
        if (onnx && !OnnxComparisonReport.print(scores, onnxModel)) {
            return 1;
        }
        System.out.println("Client calls/s on loopback (" + cores + " cores, client and server in one JVM), ratio to raw ServerLive:");
        ratio("  one at a time", scores.get("clientInferOneAtATime"), scores.get("baselineServerLiveOneAtATime"), "calls/s");
        ratio("  " + ClientThroughputBenchmark.IN_FLIGHT + " in flight", scores.get("clientInferPipelined"),
                scores.get("baselineServerLivePipelined"), "calls/s");
        Double pipelined = scores.get("clientInferPipelined");
        if (pipelined != null) {
            System.out.printf("  client infer calls/s per core (pipelined / %d cores): %.0f%n", cores, pipelined / cores);
        }
        return 0;
    }

    /** Latency per request from the timed replays, and prefill tokens per request from one counted replay each. */
    private static void prefixCache(Map<String, Double> scores) {
        int requests = PrefixCacheBenchmark.REQUESTS;
        System.out.printf("Prefix KV cache on a replay of %d prompts (beam %d), ms per request, ratio to no cache:%n",
                requests, PrefixCacheBenchmark.BEAM_WIDTH);
        Double off = scores.get("replay/off");
        Double on = scores.get("replay/on");
        ratio("  with the cache", on == null ? null : on / requests, off == null ? null : off / requests, "ms");
        io.nearline.recall.llm.LlamaCheckpoint checkpoint = BenchCheckpoint.load();
        PromptReplayFixture replay = PromptReplayFixture.generate(PrefixCacheBenchmark.SKIP, requests);
        FrozenPrefix prefix = FrozenPrefix.of(io.nearline.recall.prompt.PromptTemplate.load(
                LocalServerOptions.DEFAULT_PROMPT_TEMPLATE));
        long promptTokens = 0;
        for (String prompt : replay.prompts()) {
            promptTokens += checkpoint.promptTokens(prompt).length;
        }
        System.out.printf("  prompt tokens per request (BOS included): %.1f%n", (double) promptTokens / requests);
        for (boolean cached : new boolean[] {false, true}) {
            TransformerRecallModel model = PrefixCacheBenchmark.run(checkpoint, replay, prefix, cached);
            System.out.printf("  cache %s: prefill tokens per request %.1f, %s%n", cached ? "on" : "off",
                    (double) model.prefillTokens() / requests, model.cacheStats());
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
