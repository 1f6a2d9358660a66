package io.nearline.recall.server;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nearline.recall.llm.LlamaConfig;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recall LLM's ONNX export ({@code recall-model/llm/export_onnx.py}) under ONNX Runtime for Java: one run feeds
 * tokens [rows][time] after the rows' past KV and writes the logits of each row's last token and the rows' KV
 * extended by them into an {@link OnnxKv}, in place. One session serves every inference thread (ONNX Runtime's
 * run is thread-safe), each with its own buffers.
 */
final class OnnxLlama implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final LlamaConfig config;

    /** {@code threads} ONNX Runtime's intra-op threads, 0 for its default (one per physical core). */
    OnnxLlama(Path model, LlamaConfig config, int threads) throws OrtException {
        this.config = config;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
            }
            session = environment.createSession(model.toString(), options);
        }
    }

    LlamaConfig config() {
        return config;
    }

    /** The prompt as one row with an empty past; logits [1][vocab] of its last token. */
    void prefill(int[] tokens, OnnxKv kv) throws OrtException {
        kv.rows = 1;
        kv.length = 0;
        run(tokens, 1, tokens.length, kv);
    }

    /**
     * More prompt tokens as one row after the row's past already in {@code kv}'s pasts (a cached or just-prefilled
     * prefix); logits [1][vocab] of the last one.
     */
    void extend(int[] tokens, OnnxKv kv) throws OrtException {
        if (kv.rows != 1) {
            throw new IllegalStateException("a prompt extends one row, the past holds " + kv.rows);
        }
        run(tokens, 1, tokens.length, kv);
    }

    /** One token per row after the rows' past (gathered into {@code kv}'s pasts); logits [rows][vocab]. */
    void decode(int[] tokens, int rows, OnnxKv kv) throws OrtException {
        run(tokens, rows, 1, kv);
    }

    private void run(int[] tokens, int rows, int time, OnnxKv kv) throws OrtException {
        int past = kv.length;
        int kvDim = config.kvDim();
        kv.ensureRun(rows, time, past, kvDim, config.vocabSize());
        List<OnnxTensor> made = new ArrayList<>();
        try {
            kv.ids.clear();
            for (int i = 0; i < rows * time; i++) {
                kv.ids.put(tokens[i]);
            }
            Map<String, OnnxTensor> inputs = new HashMap<>();
            Map<String, OnnxTensor> outputs = new HashMap<>();
            inputs.put("input_ids", keep(made, OnnxTensor.createTensor(environment, kv.ids.flip(),
                    new long[] {rows, time})));
            long[] pastShape = {rows, config.kvHeads(), past, config.headDim()};
            long[] presentShape = {rows, config.kvHeads(), past + time, config.headDim()};
            for (int l = 0; l < config.layers(); l++) {
                inputs.put("past_key." + l, tensor(made, kv.pastKeys[l], pastShape));
                inputs.put("past_value." + l, tensor(made, kv.pastValues[l], pastShape));
                outputs.put("present_key." + l, tensor(made, kv.presentKeys[l], presentShape));
                outputs.put("present_value." + l, tensor(made, kv.presentValues[l], presentShape));
            }
            outputs.put("logits", tensor(made, kv.logits, new long[] {rows, config.vocabSize()}));
            session.run(inputs, outputs).close();
            kv.rows = rows;
            kv.length = past + time;
        } finally {
            made.forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(List<OnnxTensor> made, FloatBuffer buffer, long[] shape) throws OrtException {
        long count = 1;
        for (long size : shape) {
            count *= size;
        }
        return keep(made, OnnxTensor.createTensor(environment, OnnxKv.head(buffer, (int) count), shape));
    }

    private static OnnxTensor keep(List<OnnxTensor> made, OnnxTensor tensor) {
        made.add(tensor);
        return tensor;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
