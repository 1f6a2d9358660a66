package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.testing.PythonRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the ONNX Runtime benchmarks share: the checkpoint ({@link BenchCheckpoint}), its ONNX export (made once by
 * {@code recall-model/llm/export_onnx.py}, or given as {@code -Dbench.onnx-model=FILE}), the 10k four-level IDs, the
 * prompt of {@link TrainedModelBenchmark} (169 tokens in the job's layout), and the three ways of running it compared.
 */
final class OnnxBench {

    private OnnxBench() {}

    /** System property naming an exported model.onnx of the benchmark's checkpoint, so each fork need not export. */
    static final String MODEL_PROPERTY = "bench.onnx-model";
    /**
     * The ways compared: the plain-Java forward pass, ONNX Runtime on one intra-op thread, and on its default; and
     * the first two with the prefix KV cache holding the prompt's frozen prefix (a user's next request).
     */
    static final String JAVA = "java";
    static final String ONNX_ONE_THREAD = "onnx-1-thread";
    static final String ONNX_DEFAULT_THREADS = "onnx-default-threads";
    static final String JAVA_CACHED = "java+cache";
    static final String ONNX_CACHED = "onnx-1-thread+cache";
    /** Bytes of the benchmarks' prefix cache: the server's default. */
    static final long CACHE_BYTES = LocalServerOptions.DEFAULT_PREFIX_CACHE_BYTES;
    static final FrozenPrefix PREFIX = new FrozenPrefix(List.of("Recent ads:", "Recent content:"));
    static final List<int[]> IDS = FixtureSemanticIds.generate(10_000, 4, 256, 42);

    static String prompt() {
        return BenchCheckpoint.prompt(IDS, 1000);
    }

    /** The export to run: {@value #MODEL_PROPERTY} if set, else one made now into a temporary folder. */
    static Path model() {
        String given = System.getProperty(MODEL_PROPERTY, "");
        return given.isEmpty() ? export() : Path.of(given);
    }

    /** Exports the benchmark's checkpoint (the random one, or {@code -Dbench.checkpoint}) with python3 and torch. */
    static Path export() {
        try {
            PythonRunner python = PythonRunner.withModules("torch").orElseThrow(() -> new IllegalStateException(
                    "no python3 with torch among " + PythonRunner.candidates() + " to export the model to ONNX"));
            Path folder = Files.createTempDirectory("bench-onnx");
            folder.toFile().deleteOnExit();
            String given = System.getProperty(BenchCheckpoint.PROPERTY, "");
            Path checkpoint = given.isEmpty() ? BenchCheckpoint.write(folder) : Path.of(given);
            Path out = folder.resolve("model.onnx");
            out.toFile().deleteOnExit();
            Path script = PythonRunner.repositoryRoot().resolve("recall-model/llm/export_onnx.py");
            if (!Files.isRegularFile(script)) {  // run from the repository root rather than the module
                script = Path.of("recall-model/llm/export_onnx.py").toAbsolutePath();
            }
            PythonRunner.Result run = python.run(600, Map.of("OMP_NUM_THREADS", "1"), script.toString(),
                    "--checkpoint", checkpoint.toString(), "--out", out.toString());
            if (run.exitCode() != 0) {
                throw new IllegalStateException("export_onnx.py failed (" + run.exitCode() + "): " + run.output());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** ONNX Runtime's intra-op threads for a way of running, 0 for its default; -1 for the plain-Java one. */
    static int threads(String way) {
        return switch (way) {
            case JAVA, JAVA_CACHED -> -1;
            case ONNX_ONE_THREAD, ONNX_CACHED -> 1;
            case ONNX_DEFAULT_THREADS -> 0;
            default -> throw new IllegalArgumentException("unknown way " + way);
        };
    }

    /** Whether a way of running keeps a prefix cache. */
    static boolean cached(String way) {
        return way.endsWith("+cache");
    }

    /** The model behind the search for a way of running; {@code onnx} is null for the plain-Java ones. */
    static GenerativeRecallModel recallModel(LlamaCheckpoint checkpoint, OnnxLlama onnx, String way) {
        PrefixKvCache cache = cached(way) ? new PrefixKvCache(CACHE_BYTES) : null;
        return onnx == null ? new TransformerRecallModel(checkpoint, cache, PREFIX)
                : new OnnxRecallModel(checkpoint, onnx, cache, PREFIX);
    }

    static OnnxLlama session(LlamaCheckpoint checkpoint, Path model, String way) {
        int threads = threads(way);
        if (threads < 0) {
            return null;
        }
        try {
            return new OnnxLlama(model, checkpoint.config(), threads);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + model, e);
        }
    }
}
