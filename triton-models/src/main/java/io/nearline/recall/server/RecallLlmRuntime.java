package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What runs a loaded recall LLM checkpoint ({@code server.transformer-runtime}): ONNX Runtime over the export beside
 * its weights, or the plain-Java forward pass over the weights; {@code auto} takes the export when the folder holds
 * one. Either way the same constrained beam search, prompt window and prefix KV cache.
 */
public final class RecallLlmRuntime {

    public static final String AUTO = "auto";
    public static final String ONNX = "onnx";
    public static final String JAVA = "java";
    static final String ONNX_RUNTIME = "ONNX Runtime";
    static final String PLAIN_JAVA = "plain-Java forward pass";

    private RecallLlmRuntime() {}

    /**
     * The model for {@code runtime} (auto, onnx or java); {@code onnxThreads} ONNX Runtime's intra-op threads, 0
     * its default; {@code cache} null serves without a prefix cache. An export that is missing (under onnx),
     * unrecorded or not of these weights is an IllegalArgumentException with the reason.
     */
    public static GenerativeRecallModel load(LlamaCheckpoint checkpoint, String runtime, int onnxThreads,
            PrefixKvCache cache, FrozenPrefix prefix) throws IOException {
        if (!runsOnnx(runtime, checkpoint.folder())) {
            return new TransformerRecallModel(checkpoint, cache, prefix);
        }
        Path export = OnnxExport.verified(checkpoint);
        try {
            return new OnnxRecallModel(checkpoint, new OnnxLlama(export, checkpoint.config(), onnxThreads), cache,
                    prefix);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load " + export + ": " + e.getMessage()
                    + "; re-export it with '" + OnnxExport.exportCommand(checkpoint.folder()) + "'", e);
        }
    }

    /** Whether {@code runtime} runs the checkpoint of {@code folder} under ONNX Runtime. */
    static boolean runsOnnx(String runtime, Path folder) {
        return switch (runtime) {
            case ONNX -> true;
            case JAVA -> false;
            case AUTO -> OnnxExport.present(folder);
            default -> throw new IllegalArgumentException("server.transformer-runtime must be one of "
                    + LocalServerOptions.TRANSFORMER_RUNTIMES + ", got " + runtime);
        };
    }

    /** How a description names the runtime of a model {@link #load} made. */
    static String describe(GenerativeRecallModel model, int onnxThreads) {
        if (!(model instanceof OnnxRecallModel)) {
            return PLAIN_JAVA;
        }
        String threads = onnxThreads == 0 ? "its default threads"
                : onnxThreads + (onnxThreads == 1 ? " thread" : " threads") + " a run";
        return ONNX_RUNTIME + " over " + OnnxExport.FILE + ", " + threads;
    }
}
