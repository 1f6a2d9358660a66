package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.LlamaCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prints {@link OnnxSearchBenchmark} and {@link OnnxPrefillBenchmark} from one run as ratios to the plain-Java
 * forward pass, after checking that what was timed computes the same thing: one search of the benchmark's prompt
 * through each way recalls as many IDs with the same scores (1e-4 relative; near-equal scores may swap IDs).
 */
final class OnnxComparisonReport {

    private static final List<String> WAYS = List.of(OnnxBench.JAVA, OnnxBench.ONNX_ONE_THREAD,
            OnnxBench.ONNX_DEFAULT_THREADS);
    /** The search's ways: the prefill's and the two with a prefix cache. */
    private static final List<String> SEARCH_WAYS = List.of(OnnxBench.JAVA, OnnxBench.ONNX_ONE_THREAD,
            OnnxBench.ONNX_DEFAULT_THREADS, OnnxBench.JAVA_CACHED, OnnxBench.ONNX_CACHED);
    private static final int[] WIDTHS = {10, 50, 300};

    private OnnxComparisonReport() {}

    /** Prints the figures; false when the ways disagree, so the caller fails the run. */
    static boolean print(Map<String, Double> scores, Path model) {
        LlamaCheckpoint checkpoint = BenchCheckpoint.load();
        int promptTokens = checkpoint.promptTokens(OnnxBench.prompt()).length;
        System.out.printf("ONNX Runtime against the plain-Java forward pass (prompt of %d tokens, BOS included; ONNX"
                + " Runtime's default threads on %d cores), ms per request, ratio to plain Java:%n", promptTokens,
                Runtime.getRuntime().availableProcessors());
        for (int width : WIDTHS) {
            Double java = scores.get("search/" + OnnxBench.JAVA + "@" + width);
            for (String way : SEARCH_WAYS) {
                ratio("  search, beam " + width + ", " + way, scores.get("search/" + way + "@" + width), java);
            }
            Double javaCached = scores.get("search/" + OnnxBench.JAVA_CACHED + "@" + width);
            ratio("  search, beam " + width + ", " + OnnxBench.ONNX_CACHED + " to " + OnnxBench.JAVA_CACHED,
                    scores.get("search/" + OnnxBench.ONNX_CACHED + "@" + width), javaCached);
        }
        Double javaPrefill = scores.get("prefill/" + OnnxBench.JAVA);
        for (String way : WAYS) {
            ratio("  prefill alone, " + way, scores.get("prefill/" + way), javaPrefill);
        }
        return sameRecalls(checkpoint, model);
    }

    private static boolean sameRecalls(LlamaCheckpoint checkpoint, Path model) {
        CodeTrie trie = CodeTrie.of(OnnxBench.IDS);
        boolean same = true;
        for (int width : WIDTHS) {
            List<RecalledId> java = search(OnnxBench.recallModel(checkpoint, null, OnnxBench.JAVA), trie, width);
            for (String way : SEARCH_WAYS.subList(1, SEARCH_WAYS.size())) {
                try (OnnxLlama onnx = OnnxBench.session(checkpoint, model, way)) {
                    GenerativeRecallModel timed = OnnxBench.recallModel(checkpoint, onnx, way);
                    search(timed, trie, width);  // a cached way's second request is the one timed: a cache hit
                    List<RecalledId> other = search(timed, trie, width);
                    float worst = worstScoreDifference(java, other);
                    boolean agrees = java.size() == other.size() && worst <= 1e-4f;
                    System.out.printf("  check, beam %d, %s: %d IDs (plain Java %d), largest relative score"
                            + " difference %.2e: %s%n", width, way, other.size(), java.size(), worst,
                            agrees ? "same" : "DIFFERENT");
                    same &= agrees;
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return same;
    }

    private static List<RecalledId> search(GenerativeRecallModel model, CodeTrie trie, int width) {
        return ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(OnnxBench.prompt()), trie, width, width,
                4, () -> false);
    }

    private static float worstScoreDifference(List<RecalledId> a, List<RecalledId> b) {
        float worst = a.size() == b.size() ? 0f : Float.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            float x = a.get(i).score();
            worst = Math.max(worst, Math.abs(x - b.get(i).score()) / (1f + Math.abs(x)));
        }
        return worst;
    }

    private static void ratio(String label, Double value, Double baseline) {
        if (value == null || baseline == null) {
            System.out.println(label + ": not measured");
            return;
        }
        System.out.printf("%s: %.2f ms, ratio %.2f%n", label, value, value / baseline);
    }
}
