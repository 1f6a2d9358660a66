package io.nearline.recall.prompt;

import java.util.List;

/**
 * What goes first when a prompt is over its token budget or entry cap: the oldest frozen content block, then the
 * oldest frozen ad block, then the oldest recent content behaviours, then the oldest recent ads, never the newest
 * {@code prompt.budget.keep-newest} of a domain, the profile, the interest summary or the instruction.
 */
public final class CutRule {

    private final PromptOptions options;

    public CutRule(PromptOptions options) {
        this.options = options;
    }

    /** Removes the next block by the rule; returns how many behaviours it removed (0: nothing left to cut). */
    public int cutOne(PromptState state) {
        int n = cutOldest(state.frozenContent, state.frozenContent.size());
        if (n == 0) {
            n = cutOldest(state.frozenAd, state.frozenAd.size());
        }
        if (n == 0) {
            n = cutOldest(state.recentContent, state.recentContent.size() - options.keepNewest);
        }
        if (n == 0) {
            n = cutOldest(state.recentAd, state.recentAd.size() - options.keepNewest);
        }
        state.entriesCut += n;
        return n;
    }

    private int cutOldest(List<BehaviourEntry> entries, int cuttable) {
        int n = Math.min(options.blockSize, Math.max(0, cuttable));
        entries.subList(0, n).clear();
        return n;
    }
}
