package io.nearline.recall.server;

import ai.onnxruntime.OrtException;
import io.nearline.recall.llm.BeamKv;
import io.nearline.recall.llm.HeadMajorKv;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.LlamaConfig;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.llm.PromptKv;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The recall LLM under ONNX Runtime behind the same constrained beam search as {@link TransformerRecallModel}: the
 * prompt is prefilled once (cut to the model's window as the plain-Java model cuts it, its frozen prefix's KV from
 * the {@link PrefixKvCache} fed as the prefill's past when cached), then each position is one decode step with the
 * beams as the batch, their past gathered to the surviving parents; the logits returned are the position's code
 * tokens then {@code <eos>}, as the plain-Java model returns them.
 */
public final class OnnxRecallModel extends LlamaRecallModel {

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

    /** Without a prefix cache: every prompt is prefilled whole. */
    OnnxRecallModel(LlamaCheckpoint checkpoint, OnnxLlama onnx) {
        this(checkpoint, onnx, null, null);
    }

    /** {@code cache} null serves without a prefix cache ({@code prefix} is then unused). */
    OnnxRecallModel(LlamaCheckpoint checkpoint, OnnxLlama onnx, PrefixKvCache cache, FrozenPrefix prefix) {
        super(checkpoint, cache, prefix);
        this.onnx = onnx;
        this.columns = new int[checkpoint.levels()][];
        for (int level = 0; level < columns.length; level++) {
            columns[level] = codesThenEnd(checkpoint, level);
        }
        this.searches = ThreadLocal.withInitial(() -> new Search(checkpoint));
    }

    @Override
    public String runtime() {
        return RecallLlmRuntime.ONNX_RUNTIME;
    }

    /** Closes the ONNX Runtime session; a search after this fails. */
    @Override
    public void close() {
        try {
            onnx.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        }
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        if (position >= checkpoint.levels()) {
            throw new IllegalArgumentException("position " + position + " beyond the tokenizer's "
                    + checkpoint.levels() + " code levels");
        }
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
        prefill(checkpoint.promptTokens(context.prompt()), context.prompt(), search.kv);
        for (int step = 1; step <= position; step++) {
            int[] same = new int[count];
            for (int r = 0; r < count; r++) {
                same[r] = step == 1 ? 0 : r;
            }
            step(search, prefixes, count, step, same);
        }
    }

    private void prefill(int[] tokens, String prompt, OnnxKv kv) throws OrtException {
        prefilled(true, 0);
        int[] window = PromptWindow.cut(checkpoint, tokens);
        if (cache == null || window != tokens) {
            onnx.prefill(window, kv);
            prefilled(false, window.length);
            return;
        }
        int frozen = PromptWindow.frozenTokens(checkpoint, prefix, prompt);
        LlamaConfig config = checkpoint.config();
        String version = version();
        PromptKv cached = cache.copyOf(version, tokens, frozen, frozen);
        if (cached != null) {
            // at least the last token is run: its logits predict the first code (the export returns no hidden state)
            int reused = Math.min(frozen, tokens.length - 1);
            kv.ensurePast(1, reused, config.kvDim());
            HeadMajorKv.write(cached, reused, kv.pastKeys, kv.pastValues, config.kvHeads(), config.headDim());
            onnx.extend(Arrays.copyOfRange(tokens, reused, tokens.length), kv);
            prefilled(false, tokens.length - reused);
            return;
        }
        onnx.prefill(Arrays.copyOf(tokens, frozen), kv);
        cache.put(version, tokens, frozen, HeadMajorKv.toPromptKv(kv.presentKeys, kv.presentValues,
                config.kvHeads(), config.headDim(), frozen));
        prefilled(false, frozen);
        if (frozen < tokens.length) {
            kv.gather(new int[] {0}, 1, config.kvDim());
            onnx.extend(Arrays.copyOfRange(tokens, frozen, tokens.length), kv);
            prefilled(false, tokens.length - frozen);
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
