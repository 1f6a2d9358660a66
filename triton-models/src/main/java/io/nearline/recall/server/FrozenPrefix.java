package io.nearline.recall.server;

import io.nearline.recall.prompt.PromptTemplate;
import java.util.List;

/**
 * Where a prompt's frozen block ends, found server-side from the prompt template the job renders with: the prompt
 * is prefix + recent part, and the recent part is the lines starting with the template's recent-ads or
 * recent-content label (recall-prompts' PromptRenderer). The job sends only the text, so the boundary is read from
 * it; a prompt without a recent part is all prefix. Cutting at a line break keeps whole tokens on both sides.
 */
public final class FrozenPrefix {

    private final List<String> recentStarts;

    public FrozenPrefix(List<String> recentLabels) {
        this.recentStarts = recentLabels.stream().map(label -> "\n" + label).toList();
    }

    public static FrozenPrefix of(PromptTemplate template) {
        return new FrozenPrefix(List.of(template.recentAdsLabel(), template.recentContentLabel()));
    }

    /** Length in chars of the frozen prefix of {@code prompt}. */
    public int end(String prompt) {
        int end = prompt.length();
        for (String start : recentStarts) {
            int at = prompt.indexOf(start);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return end;
    }
}
