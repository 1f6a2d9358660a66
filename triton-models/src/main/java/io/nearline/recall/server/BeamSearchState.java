package io.nearline.recall.server;

import io.nearline.recall.llm.BeamKv;
import io.nearline.recall.llm.PromptKv;
import io.nearline.recall.llm.Workspace;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One inference thread's decoding state for {@link TransformerRecallModel}: the prompt's KV, the beams' KV, and
 * which cache row holds which prefix, so the next call's beams can be gathered from their parents.
 */
final class BeamSearchState {

    final Workspace workspace = new Workspace();
    final BeamKv beams;
    PromptKv prompt;
    ModelContext context;
    int position = -1;
    Map<PrefixKey, Integer> rows = new HashMap<>();
    int[] parents = new int[0];

    BeamSearchState(BeamKv beams) {
        this.beams = beams;
    }

    /** True when this call extends the previous one's beams; fills {@link #parents} for the reorder. */
    boolean continues(ModelContext context, int[][] prefixes, int count, int position) {
        if (context != this.context || position != this.position + 1 || position == 0) {
            return false;
        }
        parents = parents.length >= count ? parents : new int[count];
        for (int r = 0; r < count; r++) {
            Integer row = rows.get(new PrefixKey(prefixes[r], position - 1));
            if (row == null) {
                return false;
            }
            parents[r] = row;
        }
        return true;
    }

    void remember(ModelContext context, int[][] prefixes, int count, int position) {
        this.context = context;
        this.position = position;
        rows.clear();
        for (int r = 0; r < count; r++) {
            rows.put(new PrefixKey(prefixes[r], position), r);
        }
    }

    /** The first {@code length} codes of a prefix, compared by value. */
    private record PrefixKey(int[] codes, int length) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PrefixKey key && Arrays.equals(codes, 0, length, key.codes, 0, key.length);
        }

        @Override
        public int hashCode() {
            int h = length;
            for (int i = 0; i < length; i++) {
                h = 31 * h + codes[i];
            }
            return h;
        }
    }
}
