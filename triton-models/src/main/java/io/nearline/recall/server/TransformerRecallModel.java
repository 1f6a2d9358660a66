package io.nearline.recall.server;

import io.nearline.recall.llm.BeamKv;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.LlamaForward;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.llm.PromptKv;
import io.nearline.recall.llm.Workspace;
import java.util.Arrays;

/**
 * The recall LLM behind the constrained beam search: the prompt is prefilled once (its frozen prefix from the
 * {@link PrefixKvCache} when cached), then each position is one decode step with the beams as a batch, and the
 * logits are those of the position's code tokens only (what the trie mask leaves of the vocabulary). Each inference
 * thread keeps the decoding state of the search it runs; a call that does not continue it starts afresh.
 */
public final class TransformerRecallModel extends LlamaRecallModel {

    /** The family name the server reports. */
    public static final String MODEL_NAME = "llama-recall";

    private final LlamaForward forward;
    private final float[][] headColumns;
    private final ThreadLocal<BeamSearchState> searches;
    /** {@code cache} null serves without a prefix cache. */
    public TransformerRecallModel(LlamaCheckpoint checkpoint, PrefixKvCache cache, FrozenPrefix prefix) {
        super(checkpoint, cache, prefix);
        this.forward = checkpoint.forward();
        this.searches = ThreadLocal.withInitial(() -> new BeamSearchState(new BeamKv(checkpoint.config().layers(),
                checkpoint.config().kvDim(), checkpoint.levels())));
        this.headColumns = new float[checkpoint.levels()][];
        for (int level = 0; level < headColumns.length; level++) {
            headColumns[level] = forward.weights().headColumns(codesThenEnd(checkpoint, level),
                    checkpoint.config().hiddenSize());
        }
    }

    @Override
    public String runtime() {
        return RecallLlmRuntime.PLAIN_JAVA;
    }

    @Override
    public float[][] nextCodeLogits(ModelContext context, int[][] prefixes, int count, int position) {
        if (position >= checkpoint.levels()) {
            throw new IllegalArgumentException("position " + position + " beyond the tokenizer's "
                    + checkpoint.levels() + " code levels");
        }
        BeamSearchState search = searches.get();
        float[] states;
        if (search.continues(context, prefixes, count, position)) {
            int[] tokens = new int[count];
            for (int r = 0; r < count; r++) {
                tokens[r] = codeToken(position - 1, prefixes[r][position - 1]);
            }
            search.beams.reorder(search.parents, count);
            states = forward.decode(tokens, count, search.prompt, search.beams, search.workspace);
        } else {
            states = start(search, context, prefixes, count, position);
        }
        search.remember(context, prefixes, count, position);
        int columns = headColumns[position].length / checkpoint.config().hiddenSize();
        // At position 0 every beam is the bare prompt: one state row serves them all.
        float[] flat = forward.project(states, position == 0 ? 1 : count, headColumns[position], columns,
                search.workspace);
        float[][] logits = new float[count][];
        for (int r = 0; r < count; r++) {
            int row = position == 0 ? 0 : r;
            logits[r] = Arrays.copyOfRange(flat, row * columns, (row + 1) * columns);
        }
        return logits;
    }

    /** Prefills the prompt and, for a search joined past position 0, replays each beam's codes. */
    private float[] start(BeamSearchState search, ModelContext context, int[][] prefixes, int count, int position) {
        search.prompt = prefill(checkpoint.promptTokens(context.prompt()), context.prompt());
        search.beams.reset(count);
        if (position == 0) {
            return search.prompt.lastHidden();
        }
        float[] states = null;
        for (int step = 0; step < position; step++) {
            int[] tokens = new int[count];
            for (int r = 0; r < count; r++) {
                tokens[r] = codeToken(step, prefixes[r][step]);
            }
            states = forward.decode(tokens, count, search.prompt, search.beams, search.workspace);
        }
        return states;
    }

    private PromptKv prefill(int[] tokens, String prompt) {
        prefilled(true, 0);
        int layers = checkpoint.config().layers();
        int kvDim = checkpoint.config().kvDim();
        Workspace workspace = searches.get().workspace;
        int[] window = PromptWindow.cut(checkpoint, tokens);
        boolean truncated = window != tokens;
        tokens = window;
        if (cache == null || truncated) {
            PromptKv kv = new PromptKv(layers, kvDim, tokens.length);
            forward.prefill(tokens, 0, tokens.length, kv, workspace);
            prefilled(false, tokens.length);
            return kv;
        }
        int frozen = PromptWindow.frozenTokens(checkpoint, prefix, prompt);
        String version = version();
        PromptKv kv = cache.copyOf(version, tokens, frozen, tokens.length);
        if (kv == null) {
            kv = new PromptKv(layers, kvDim, tokens.length);
            forward.prefill(tokens, 0, frozen, kv, workspace);
            cache.put(version, tokens, frozen, kv);
            prefilled(false, frozen);
        }
        forward.prefill(tokens, frozen, tokens.length - frozen, kv, workspace);
        prefilled(false, tokens.length - frozen);
        return kv;
    }

    private int codeToken(int level, int code) {
        int[] tokens = checkpoint.levelTokens(level);
        if (code < 0 || code >= tokens.length) {
            throw new IllegalArgumentException("code " + code + " at level " + level + " has no token; the tokenizer"
                    + " spells " + tokens.length + " codes there");
        }
        return tokens[code];
    }
}
