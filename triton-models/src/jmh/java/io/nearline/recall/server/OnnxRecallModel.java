package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.BeamKv;
import io.nearline.recall.llm.LlamaCheckpoint;
import java.nio.FloatBuffer;

/**
 * The recall LLM under ONNX Runtime behind the same constrained beam search as {@link TransformerRecallModel}: the
 * prompt is prefilled once, then each position is one decode step with the beams as the batch, their past gathered
 * to the surviving parents; the logits returned are the position's code tokens then {@code <eos>}, as the plain-Java
 * model returns them. No prefix cache (the comparison is of the forward passes). For the benchmarks and the parity
 * test only.
 */
final class OnnxRecallModel implements GenerativeRecallModel {

    private final LlamaCheckpoint checkpoint;
    private final OnnxLlama onnx;
    private final int[][] columns;
    private final ThreadLocal<Search> searches;

    /** A thread's search: which row holds which prefix (as the plain-Java model tracks it) and the KV buffers. */
    private static final class Search {
        final BeamSearchState rows;
        final OnnxKv kv;

        Search(LlamaCheckpoint checkpoint) {
            rows = new BeamSearchState(new BeamKv(checkpoint.config().layers(), checkpoint.config().kvDim(), 1));
            kv = new OnnxKv(checkpoint.config().layers());
        }
    }

    OnnxRecallModel(LlamaCheckpoint checkpoint, OnnxLlama onnx) {
        this.checkpoint = checkpoint;
        this.onnx = onnx;
        this.columns = new int[checkpoint.levels()][];
        for (int level = 0; level < columns.length; level++) {
            int[] codes = checkpoint.levelTokens(level);
            columns[level] = java.util.Arrays.copyOf(codes, codes.length + 1);
            columns[level][codes.length] = checkpoint.config().eosTokenId();
        }
        this.searches = ThreadLocal.withInitial(() -> new Search(checkpoint));
    }

    @Override
    public String name() {
        return TransformerRecallModel.MODEL_NAME + "-onnx";
    }

    @Override
    public String version() {
        return checkpoint.config().modelVersion();
    }

    @Override
    public boolean scoresEnd() {
        return true;
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        Search search = searches.get();
        try {
            if (!search.rows.continues(context, prefixes, count, position)) {
                start(search, context, prefixes, count, position);
            } else {
                step(search, prefixes, count, position, search.rows.parents);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed at position " + position, e);
        }
        search.rows.remember(context, prefixes, count, position);
        int vocab = checkpoint.config().vocabSize();
        int[] wanted = columns[position];
        float[][] logits = new float[count][wanted.length];
        FloatBuffer all = search.kv.logits;
        for (int r = 0; r < count; r++) {
            int base = position == 0 ? 0 : r * vocab;  // after the prefill one row serves every beam
            for (int c = 0; c < wanted.length; c++) {
                logits[r][c] = all.get(base + wanted[c]);
            }
        }
        return logits;
    }

    /** Prefills the prompt and, for a search joined past position 0, replays each beam's codes. */
    private void start(Search search, ModelContext context, int[][] prefixes, int count, int position)
            throws OrtException {
        onnx.prefill(checkpoint.promptTokens(context.prompt()), search.kv);
        for (int step = 1; step <= position; step++) {
            int[] same = new int[count];
            for (int r = 0; r < count; r++) {
                same[r] = step == 1 ? 0 : r;
            }
            step(search, prefixes, count, step, same);
        }
    }

    /** The decode step feeding each beam's code at {@code position - 1}, its past taken from row {@code parents[r]}. */
    private void step(Search search, int[][] prefixes, int count, int position, int[] parents) throws OrtException {
        int[] from = new int[count];
        int[] tokens = new int[count];
        for (int r = 0; r < count; r++) {
            // the prompt is one row: after the prefill every beam's parent is row 0
            from[r] = search.kv.rows == 1 ? 0 : parents[r];
            tokens[r] = checkpoint.levelTokens(position - 1)[prefixes[r][position - 1]];
        }
        search.kv.gather(from, count, checkpoint.config().kvDim());
        onnx.decode(tokens, count, search.kv);
    }
}
