package io.nearline.recall.prompt;

import io.nearline.recall.avro.Domain;
import java.util.List;

/**
 * Renders a prompt's recent part a section at a time. The part is the recent ads' line and the recent content's line,
 * each starting at a line break; a behaviour changes one domain's entries, so only that section is rendered again
 * (for a new entry, the section as it was plus the entry) and counted, the other is kept with its tokens. That
 * needs a token counter that adds up across lines; with any other the part is rendered and counted whole.
 *
 * <p>The same pass gives the tokens a prefix KV-cache reuses from the previous recent text, as {@link PrefixReuse}
 * counts them: the sections before the changed one are reused whole, and the changed one is counted once, with the
 * count noted at the mark where the reuse stops.
 */
final class RecentSections {

    private final PromptRenderer renderer;
    private final TokenCounter tokens;

    RecentSections(PromptRenderer renderer, TokenCounter tokens) {
        this.renderer = renderer;
        this.tokens = tokens;
    }

    /** Renders and counts the whole recent part (and the prompt's tokens), keeping its sections where they add up. */
    void renderWhole(PromptState state, DictionarySnapshot snapshot) {
        String ad = renderer.recentSection(state, Domain.AD, snapshot);
        String content = renderer.recentSection(state, Domain.CONTENT, snapshot);
        String recent = ad + content;
        if (tokens.additiveAcrossLines()) {
            keep(state, recent, ad, tokens.count(ad), content, tokens.count(content));
            return;
        }
        state.recentText = recent;
        state.recentTokens = tokens.count(recent);
        state.promptTokens = recent.isEmpty() ? state.prefixTokens + state.recentTokens
                : tokens.count(state.prefixText + recent);
        state.sectionsMade = null;
    }

    /** Whether the sections kept are those of the state's recent text (not after a restore, nor never rendered). */
    boolean holds(PromptState state) {
        return state.recentText != null && state.recentText == state.sectionsMade;
    }

    /**
     * After a behaviour changed {@code domain}'s recent entries and nothing else ({@code addedNewest}: it added the
     * newest entry), renders that section again and the recent part from it; the sections must be held. Returns the
     * tokens of the new recent text a KV cache reuses from the previous one.
     */
    int renderDomain(PromptState state, DictionarySnapshot snapshot, Domain domain, boolean addedNewest) {
        String previous = state.recentText;
        boolean ads = domain == Domain.AD;
        String oldSection = ads ? state.adSection : state.contentSection;
        String section;
        if (addedNewest) {
            List<BehaviourEntry> entries = state.recent(domain);
            section = renderer.withNewest(oldSection, domain, entries.get(entries.size() - 1), snapshot);
        } else {
            section = renderer.recentSection(state, domain, snapshot);
        }
        String recent = ads ? section + state.contentSection : state.adSection + section;
        int offset = ads ? 0 : state.adSection.length();
        // the reuse stops at the boundary at or before the common prefix, as PrefixReuse finds it; the sections
        // before the changed one, and the changed one as it was where an entry was added to it, are in that prefix
        int shared = offset + (addedNewest ? oldSection.length() : 0);
        int common = PrefixReuse.commonPrefix(previous, recent, shared);
        int mark = common == recent.length() ? common : PrefixReuse.boundaryAtOrBefore(recent, common);
        int sectionTokens;
        int reused;
        if (mark >= offset && mark <= offset + section.length()) {
            TokenCounter.Split split = tokens.countSplit(section, mark - offset);
            sectionTokens = split.total();
            reused = (ads ? 0 : state.adSectionTokens) + split.beforeMark();
        } else { // past the ads' section into the content's: counted apart
            sectionTokens = tokens.count(section);
            reused = tokens.count(recent.subSequence(0, mark));
        }
        if (ads) {
            keep(state, recent, section, sectionTokens, state.contentSection, state.contentSectionTokens);
        } else {
            keep(state, recent, state.adSection, state.adSectionTokens, section, sectionTokens);
        }
        return recent.isEmpty() ? 0 : reused;
    }

    private static void keep(PromptState state, String recent, String ad, int adTokens, String content,
                             int contentTokens) {
        state.recentText = recent;
        state.adSection = ad;
        state.adSectionTokens = adTokens;
        state.contentSection = content;
        state.contentSectionTokens = contentTokens;
        state.recentTokens = adTokens + contentTokens;
        state.promptTokens = state.prefixTokens + state.recentTokens;
        state.sectionsMade = recent;
    }
}
