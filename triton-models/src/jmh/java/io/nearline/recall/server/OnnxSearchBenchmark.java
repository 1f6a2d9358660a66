package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.LlamaCheckpoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request's latency through the constrained beam search (prefill of the 169-token prompt, then a decode step
 * over the beams for each of the 4 codes), the recall LLM at its CPU size run by the plain-Java forward pass or by
 * ONNX Runtime on the ONNX export, without a prefix cache or with one holding the prompt's frozen prefix (after the
 * first request), by beam width; one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OnnxSearchBenchmark {

    @Param({OnnxBench.JAVA, OnnxBench.ONNX_ONE_THREAD, OnnxBench.ONNX_DEFAULT_THREADS, OnnxBench.JAVA_CACHED,
            OnnxBench.ONNX_CACHED})
    public String way;

    @Param({"10", "50", "300"})
    public int beamWidth;

    private CodeTrie trie;
    private String prompt;
    private OnnxLlama onnx;
    private GenerativeRecallModel model;

    @Setup
    public void setUp() {
        LlamaCheckpoint checkpoint = BenchCheckpoint.load();
        onnx = OnnxBench.session(checkpoint, OnnxBench.model(), way);
        model = OnnxBench.recallModel(checkpoint, onnx, way);
        trie = CodeTrie.of(OnnxBench.IDS);
        prompt = OnnxBench.prompt();
    }

    @TearDown
    public void tearDown() throws OrtException {
        if (onnx != null) {
            onnx.close();
        }
    }

    @Benchmark
    public List<RecalledId> search() {
        // a new context per request, as the server parses each request's prompt
        return ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(prompt), trie, beamWidth, beamWidth, 4,
                () -> false);
    }
}
