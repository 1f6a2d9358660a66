package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PromptKv;
import io.nearline.recall.llm.Workspace;
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

/** The prefill alone of the 169-token prompt (its KV and the last token's logits), plain Java or ONNX Runtime. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OnnxPrefillBenchmark {

    @Param({OnnxBench.JAVA, OnnxBench.ONNX_ONE_THREAD, OnnxBench.ONNX_DEFAULT_THREADS})
    public String way;

    private LlamaCheckpoint checkpoint;
    private int[] tokens;
    private OnnxLlama onnx;
    private OnnxKv kv;
    private Workspace workspace;
    private float[] firstCodes;

    @Setup
    public void setUp() {
        checkpoint = BenchCheckpoint.load();
        tokens = checkpoint.promptTokens(OnnxBench.prompt());
        onnx = OnnxBench.session(checkpoint, OnnxBench.model(), way);
        kv = new OnnxKv(checkpoint.config().layers());
        workspace = new Workspace();
        firstCodes = checkpoint.forward().weights().headColumns(checkpoint.levelTokens(0),
                checkpoint.config().hiddenSize());
    }

    @TearDown
    public void tearDown() throws OrtException {
        if (onnx != null) {
            onnx.close();
        }
    }

    @Benchmark
    public Object prefill() throws OrtException {
        if (onnx != null) {
            onnx.prefill(tokens, kv);
            return kv.logits;
        }
        PromptKv prompt = new PromptKv(checkpoint.config().layers(), checkpoint.config().kvDim(), tokens.length);
        checkpoint.forward().prefill(tokens, 0, tokens.length, prompt, workspace);
        // the first code's logits, as the search asks for them after the prefill (ONNX Runtime's are the vocabulary's)
        return checkpoint.forward().project(prompt.lastHidden(), 1, firstCodes, checkpoint.levelTokens(0).length,
                workspace);
    }
}
